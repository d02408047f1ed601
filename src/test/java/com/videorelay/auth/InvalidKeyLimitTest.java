package com.videorelay.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.web.ApiErrorResponses;
import com.videorelay.support.IntegrationTest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Issue 12, finding 8: unknown keys cost a lookup each, so their number per client address is bounded.
 * Built by hand on the real database with a limit of three per minute (the suite's shared context
 * allows far more, as every test request comes from 127.0.0.1).
 */
class InvalidKeyLimitTest extends IntegrationTest {

    @Autowired
    ApiErrorResponses errors;

    BearerAuthentication bearer;
    ApiKeyAuthenticator authenticator;
    final AtomicLong lookups = new AtomicLong();

    @BeforeEach
    void setUp() {
        AuthProperties properties = new AuthProperties(Duration.ofMinutes(5), 1000, 3, 1000);
        authenticator = new ApiKeyAuthenticator(jdbc, properties, com.github.benmanes.caffeine.cache.Ticker.systemTicker(),
                command -> {
                    lookups.incrementAndGet();
                    command.run();
                });
        bearer = new BearerAuthentication(authenticator, new InvalidKeyLimiter(properties), errors);
    }

    @Test
    void anAddressThatSentTooManyUnknownKeysGets429WithoutLookupsButValidCachedKeysStillPass() throws Exception {
        String valid = fixtures.apiKey(fixtures.project());
        assertThat(call("10.0.0.1", valid).getStatus()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(call("10.0.0.1", "sk-bogus-" + i + "-" + System.nanoTime()).getStatus()).isEqualTo(401);
        }
        long lookupsBefore = lookups.get();

        MockHttpServletResponse refused = call("10.0.0.1", "sk-bogus-more-" + System.nanoTime());

        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(1L, 60L);
        assertThat(refused.getContentAsString()).startsWith("{\"error\":{\"message\":\"Too many requests with an "
                + "invalid API key from your address.").endsWith("\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":\"rate_limit_exceeded\"}}");
        assertThat(lookups.get()).as("no database lookup for a refused address").isEqualTo(lookupsBefore);
        assertThat(call("10.0.0.1", valid).getStatus()).as("a valid cached key still works").isEqualTo(200);
        assertThat(call("10.0.0.2", "sk-bogus-elsewhere").getStatus()).as("other addresses unaffected").isEqualTo(401);
    }

    private MockHttpServletResponse call(String address, String key) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/videos");
        request.setRemoteAddr(address);
        request.addHeader("Authorization", "Bearer " + key);
        MockHttpServletResponse response = new MockHttpServletResponse();
        Optional<ApiKeyPrincipal> caller = bearer.authenticate(request, response);
        if (caller.isPresent()) {
            response.setStatus(200);
        }
        return response;
    }
}
