package com.videorelay.apikey;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code videorelay.auth.*}.
 *
 * @param keyCacheTtl     how long a key lookup (found or not) is remembered; a revocation takes effect within it
 * @param keyCacheMaxSize how many distinct keys are remembered at most
 */
@ConfigurationProperties("videorelay.auth")
public record AuthProperties(@DefaultValue("5s") Duration keyCacheTtl,
                             @DefaultValue("100000") long keyCacheMaxSize) {
}
