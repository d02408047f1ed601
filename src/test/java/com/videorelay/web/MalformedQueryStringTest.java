package com.videorelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.support.IntegrationTest;
import com.videorelay.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 12, finding 2: a query string that is not valid percent-encoding is the client's mistake: 400. */
@ExtendWith(OutputCaptureExtension.class)
class MalformedQueryStringTest extends IntegrationTest {

    static final String BAD_QUERY = "{\"error\":{\"message\":\"The query string is not valid: it must be "
            + "percent-encoded UTF-8.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_query_string\"}}";

    @ParameterizedTest
    @ValueSource(strings = {"?a=%zz", "?%", "?limit=%", "?after=%C3%28", "?a=%E2%82"})
    void badPercentEncodingIsA400EnvelopeWithAKey(String query) {
        String key = fixtures.apiKey(fixtures.project());

        RawHttp.Response response = RawHttp.exchange(port, "GET /v1/videos" + query + " HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + key, null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(BAD_QUERY);
    }

    @Test
    void aNulIsDecodableButNotANumber() {
        String key = fixtures.apiKey(fixtures.project());

        RawHttp.Response response = RawHttp.exchange(port, "GET /v1/videos?limit=%00 HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + key, null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":{\"message\":\"Invalid value for 'limit'.\","
                + "\"type\":\"invalid_request_error\",\"param\":\"limit\",\"code\":\"invalid_value\"}}");
    }

    @Test
    void evenOnOpenHealthAndWithOneLogLineNoStackTrace(CapturedOutput output) {
        int before = output.getAll().length();

        RawHttp.Response response = RawHttp.exchange(port, "GET /actuator/health/liveness?% HTTP/1.1\r\nHost: x", null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(BAD_QUERY);
        String logged = output.getAll().substring(before);
        assertThat(logged).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(logged.lines().filter(line -> !line.isBlank()).count()).isLessThanOrEqualTo(2); // warn + access line
    }
}
