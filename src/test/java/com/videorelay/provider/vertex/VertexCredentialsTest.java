package com.videorelay.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.videorelay.provider.ProviderFailure;
import com.videorelay.provider.UpstreamProperties;
import com.videorelay.support.VertexFake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service-account key, inline or from GOOGLE_APPLICATION_CREDENTIALS, and the token exchange against the fake. */
class VertexCredentialsTest {

    private static final VertexFake VERTEX = new VertexFake(new byte[] {1, 2, 3});

    @AfterAll
    static void stop() {
        VERTEX.close();
    }

    @Test
    void anInlineKeyGivesABearerTokenFromTheJwtBearerExchangeAndCachesIt() {
        VertexCredentials credentials = VertexCredentials.load(upstream(VERTEX.serviceAccountKey()), name -> null);

        String first = credentials.authorization(true);
        String second = credentials.authorization(false);

        assertThat(first).startsWith("Bearer ya29.fake-access-token-").isEqualTo(second);
        assertThat(credentials.projectId()).isEqualTo(VertexFake.PROJECT);
    }

    @Test
    void withoutApiKeyTheKeyFileNamedByGoogleApplicationCredentialsIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key.json");
        Files.writeString(file, VERTEX.serviceAccountKey());

        VertexCredentials credentials = VertexCredentials.load(upstream(null),
                Map.of("GOOGLE_APPLICATION_CREDENTIALS", file.toString())::get);

        assertThat(credentials.authorization(true)).startsWith("Bearer ya29.");
    }

    @Test
    void aMissingOrBrokenKeyStopsTheStartWithoutQuotingIt() {
        assertThatThrownBy(() -> VertexCredentials.load(upstream(null), name -> null))
                .hasMessageContaining("vertex-test").hasMessageContaining("GOOGLE_APPLICATION_CREDENTIALS");
        String broken = "{\"type\":\"service_account\",\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nsecret-bits\"}";
        assertThatThrownBy(() -> VertexCredentials.load(upstream(broken), name -> null))
                .hasMessageContaining("not a readable service-account JSON key").hasMessageNotContaining("secret-bits");
    }

    @Test
    void aRefusedTokenExchangeMeansNothingWasCreated() {
        String wrongAudience = VERTEX.serviceAccountKey().replace("/token", "/no-such-token-endpoint");
        VertexCredentials credentials = VertexCredentials.load(upstream(wrongAudience), name -> null);

        assertThatThrownBy(() -> credentials.authorization(true)).isInstanceOfSatisfying(ProviderFailure.class, failure -> {
            assertThat(failure.outcome()).isEqualTo(ProviderFailure.Outcome.NOT_CREATED);
            assertThat(failure.reason()).isEqualTo(ProviderFailure.Reason.MISCONFIGURED);
        });
        assertThatThrownBy(() -> credentials.authorization(false)).isInstanceOfSatisfying(ProviderFailure.class,
                failure -> assertThat(failure.outcome()).isEqualTo(ProviderFailure.Outcome.RETRYABLE));
    }

    private static UpstreamProperties upstream(String key) {
        return new UpstreamProperties("vertex-test", "vertex", null, key, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
    }
}
