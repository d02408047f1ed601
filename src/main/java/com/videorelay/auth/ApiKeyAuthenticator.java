package com.videorelay.auth;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.videorelay.web.ApiErrorResponses;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Turns a bearer token into the caller. Lookups (found or not) are cached by the token's SHA-256, never
 * by the token itself, so the heap holds no usable key.
 *
 * <ul>
 *   <li>A cached answer is refreshed in the background once it is half a {@code key-cache-ttl} old: a
 *       busy key never waits for the database, and keeps working from memory while a refresh fails.</li>
 *   <li>Every answer is dropped {@code key-cache-ttl} after it was loaded, whatever happens: a
 *       revocation takes effect within that time.</li>
 *   <li>Concurrent requests for a key that is not cached share one lookup. If the database does not
 *       answer, they all get their 503 when that one lookup gives up (the pool's connection timeout),
 *       instead of queueing behind each other's lookups. Failures are not cached.</li>
 *   <li>A miss costs one query on an auto-commit connection, no transaction.</li>
 * </ul>
 */
@Component
class ApiKeyAuthenticator {

    /** Longer than any key we mint by far; longer tokens are refused without a lookup or a cache entry. */
    static final int MAX_KEY_LENGTH = 256;

    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticator.class);

    private final JdbcClient jdbc;
    private final AsyncLoadingCache<String, Optional<ApiKeyPrincipal>> callers;

    @Autowired
    ApiKeyAuthenticator(JdbcClient jdbc, AuthProperties properties) {
        // Lookups may wait for a connection for seconds: virtual threads, so they never queue for a worker.
        this(jdbc, properties, Ticker.systemTicker(), Executors.newVirtualThreadPerTaskExecutor());
    }

    /** With the clock and executor the cache runs on, so tests can step over the TTL without waiting. */
    ApiKeyAuthenticator(JdbcClient jdbc, AuthProperties properties, Ticker ticker, Executor executor) {
        this.jdbc = jdbc;
        this.callers = Caffeine.newBuilder()
                .maximumSize(properties.keyCacheMaxSize())
                .expireAfterWrite(properties.keyCacheTtl())
                .refreshAfterWrite(properties.keyCacheTtl().dividedBy(2))
                .ticker(ticker)
                .executor(executor)
                .buildAsync((AsyncCacheLoader<String, Optional<ApiKeyPrincipal>>) (hash, lookups) ->
                        CompletableFuture.supplyAsync(() -> lookup(hash), lookups));
    }

    /**
     * The caller, or empty for an unknown or revoked key.
     *
     * @throws com.videorelay.web.ApiException 503 when the key is not cached and the database cannot answer
     */
    Optional<ApiKeyPrincipal> authenticate(String token) {
        if (token.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        try {
            return callers.get(ApiKeyFormat.sha256Hex(token)).join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw failed;
        }
    }

    /** A known, unrevoked key already in the cache; never asks the database. */
    boolean isCachedValid(String token) {
        return cachedCaller(token).isPresent();
    }

    /**
     * The caller of a known, unrevoked key already in the cache, else empty; never asks the database
     * (a read still starts the background refresh once the answer is half a TTL old).
     */
    Optional<ApiKeyPrincipal> cachedCaller(String token) {
        if (token.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        CompletableFuture<Optional<ApiKeyPrincipal>> cached = callers.getIfPresent(ApiKeyFormat.sha256Hex(token));
        return cached != null && cached.isDone() && !cached.isCompletedExceptionally() ? cached.join() : Optional.empty();
    }

    /** What the cache is keyed by (for tests): SHA-256 hex digests only. */
    java.util.Set<String> cachedHashes() {
        return java.util.Set.copyOf(callers.asMap().keySet());
    }

    private Optional<ApiKeyPrincipal> lookup(String hash) {
        try {
            return jdbc.sql("select id, project_id from api_keys where key_hash = ? and revoked_at is null")
                    .param(hash)
                    .query((row, n) -> new ApiKeyPrincipal(row.getLong(1), row.getLong(2)))
                    .optional();
        } catch (DataAccessException unavailable) {
            // One line here; the exception the cache and the caller see carries no stack trace.
            log.warn("API key lookup failed, answering 503: {}", unavailable.getMostSpecificCause().toString());
            throw ApiErrorResponses.serviceUnavailable();
        }
    }
}
