package com.videorelay.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code videorelay.auth.*}.
 *
 * @param keyCacheTtl            how long a key lookup (found or not) is remembered at most; a revocation takes
 *                               effect within it. Answers are refreshed in the background after half of it.
 * @param keyCacheMaxSize        how many distinct keys (by SHA-256) are remembered at most
 * @param invalidKeysPerMinute   how many requests with an unknown key one client address may send per
 *                               minute (a token bucket: this many at once, refilled over a minute); beyond
 *                               it, requests from that address are answered 429 without a database lookup,
 *                               unless their key is a valid one already in the cache
 * @param invalidKeyAddresses    how many client addresses that count is kept for at most
 */
@ConfigurationProperties("videorelay.auth")
public record AuthProperties(@DefaultValue("5s") Duration keyCacheTtl,
                             @DefaultValue("100000") long keyCacheMaxSize,
                             @DefaultValue("60") long invalidKeysPerMinute,
                             @DefaultValue("100000") long invalidKeyAddresses) {
}
