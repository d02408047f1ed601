package com.videorelay.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.videorelay.web.ApiException;
import org.junit.jupiter.api.Test;

/** The admin token's rules; the HTTP side is in MetricsApiTest. */
class AdminTokenTest {

    static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @Test
    void withoutATokenConfiguredEveryoneIsRefusedWith403() {
        for (String unset : new String[] {null, ""}) {
            ApiException refusal = new AdminToken(new AdminProperties(unset)).refusal("Bearer " + TOKEN).orElseThrow();
            assertThat(refusal.status().value()).isEqualTo(403);
            assertThat(refusal.toEnvelope().error().code()).isEqualTo("admin_token_not_configured");
        }
    }

    @Test
    void onlyTheExactTokenPasses() {
        AdminToken admin = new AdminToken(new AdminProperties(TOKEN));

        assertThat(admin.refusal("Bearer " + TOKEN)).isEmpty();
        assertThat(admin.refusal("bearer " + TOKEN)).isEmpty();
        assertThat(admin.refusal("Bearer " + TOKEN.toUpperCase()).orElseThrow().status().value()).isEqualTo(401);
        assertThat(admin.refusal("Bearer " + TOKEN.substring(1)).orElseThrow().toEnvelope().error().code())
                .isEqualTo("invalid_admin_token");
        assertThat(admin.refusal("Basic " + TOKEN).orElseThrow().toEnvelope().error().code()).isNull();
        assertThat(admin.refusal("Bearer ").orElseThrow().status().value()).isEqualTo(401);
        assertThat(admin.refusal(null).orElseThrow().status().value()).isEqualTo(401);
    }

    @Test
    void aWeakTokenStopsTheStartWithoutRepeatingIt() {
        assertThatThrownBy(() -> new AdminToken(new AdminProperties("letmein")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("VIDEORELAY_ADMIN_TOKEN")
                .hasMessageContaining("has 7 characters")
                .hasMessageNotContaining("letmein");
        assertThatThrownBy(() -> new AdminToken(new AdminProperties(TOKEN + " with spaces")))
                .hasMessageNotContaining("with spaces");
    }
}
