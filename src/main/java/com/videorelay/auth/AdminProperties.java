package com.videorelay.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code videorelay.admin.*}.
 *
 * @param token the bearer token that opens the actuator endpoints other than health
 *              ({@code VIDEORELAY_ADMIN_TOKEN}); unset or empty: they are closed to everyone
 */
@ConfigurationProperties("videorelay.admin")
public record AdminProperties(String token) {

    @Override
    public String toString() {
        // Never the token, should this ever be logged or shown in a failure report.
        return "AdminProperties[token=" + (token == null || token.isEmpty() ? "unset" : "(set)") + "]";
    }
}
