package com.videorelay.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RejectedRequestHandlerTest {

    @ParameterizedTest
    @CsvSource({
            "/v1/videos/a;b, /v1/videos/a",
            "//v1/videos/a, /v1/videos/a",
            "/v1;x/videos/a, /v1/videos/a",
            "/%76%31/videos/a%2Fb, /v1/videos/a/b",
            "/v1/videos/a%zz, /v1/videos/a%zz",
            "/v1/models, /v1/models"})
    void refusedUrisAreReadAsRoutingWouldToFindTheApiPart(String uri, String routed) {
        assertThat(RejectedRequestHandler.routedPath(uri)).isEqualTo(routed);
    }
}
