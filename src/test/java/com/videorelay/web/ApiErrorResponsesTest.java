package com.videorelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

/** The mapping for failures that are hard to provoke over HTTP: the database going away. */
class ApiErrorResponsesTest {

    final ApiErrorResponses errors = new ApiErrorResponses(JsonMapper.builder().build());
    final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/videos/video_1");

    @Test
    void noDatabaseConnectionIs503ServiceUnavailable() {
        ApiException mapped = errors.toApiException(new CannotGetJdbcConnectionException("pool exhausted"), request);

        assertThat(mapped.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(mapped.toEnvelope().error()).isEqualTo(new ApiError(
                "The service is temporarily unavailable. Please retry your request shortly.", "server_error", null,
                "service_unavailable"));
    }

    @Test
    void transientDatabaseFailureIs503Too() {
        assertThat(errors.toApiException(new QueryTimeoutException("slow"), request).status())
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void anythingElseIs500WithoutItsMessage() {
        ApiException mapped = errors.toApiException(new NullPointerException("internal detail"), request);

        assertThat(mapped.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(mapped.getMessage()).doesNotContain("internal detail").contains("request ID unknown");
    }
}
