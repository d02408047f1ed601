package com.videorelay.apikey;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Turns a bearer token into the caller. Lookups are cached per token for {@code key-cache-ttl}, so a
 * busy key costs one query per TTL instead of one per request, and a flood of one wrong key is
 * answered from memory too. The cache lives in this process only and is never logged or persisted.
 */
@Component
class ApiKeyAuthenticator {

    /** Longer than any key we mint by far; longer tokens are refused without a lookup or a cache entry. */
    static final int MAX_KEY_LENGTH = 256;

    private final LoadingCache<String, Optional<ApiKeyPrincipal>> callers;

    @Autowired
    ApiKeyAuthenticator(ApiKeyRepository keys, AuthProperties properties) {
        this(keys, properties, Ticker.systemTicker());
    }

    /** With the clock the cache expires entries by, so tests can step over the TTL without waiting. */
    ApiKeyAuthenticator(ApiKeyRepository keys, AuthProperties properties, Ticker ticker) {
        this.callers = Caffeine.newBuilder()
                .maximumSize(properties.keyCacheMaxSize())
                .expireAfterWrite(properties.keyCacheTtl())
                .ticker(ticker)
                .build(token -> keys.findActivePrincipal(ApiKeyFormat.sha256Hex(token)));
    }

    Optional<ApiKeyPrincipal> authenticate(String token) {
        if (token.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        return callers.get(token);
    }
}
