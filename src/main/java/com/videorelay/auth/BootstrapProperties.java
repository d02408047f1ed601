package com.videorelay.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code videorelay.bootstrap.*}: an API key the server makes sure exists when it starts, so that a
 * fresh {@code docker compose up} is usable without running an admin command first.
 *
 * @param key     the key itself ({@code VIDEORELAY_BOOTSTRAP_KEY}); unset or empty: nothing happens.
 *                Only its SHA-256 and hint are stored.
 * @param project the project it belongs to, created if missing ({@code VIDEORELAY_BOOTSTRAP_PROJECT})
 */
@ConfigurationProperties("videorelay.bootstrap")
public record BootstrapProperties(String key, @DefaultValue("default") String project) {

    @Override
    public String toString() {
        // Never the key, should this ever be logged or shown in a failure report.
        return "BootstrapProperties[key=" + (key == null || key.isEmpty() ? "unset" : "(set)") + ", project=" + project + "]";
    }
}
