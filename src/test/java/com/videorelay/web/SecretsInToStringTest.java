package com.videorelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.auth.BootstrapProperties;
import com.videorelay.auth.AdminProperties;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, finding 9: settings records that hold a secret never print it (records print every
 * component by default). The upstreams' api keys are covered by their own package's tests.
 */
class SecretsInToStringTest {

    static final String SECRET = "secret-value-0123456789-abcdefghijkl";

    @Test
    void adminPropertiesHideTheToken() {
        assertThat(new AdminProperties(SECRET).toString()).doesNotContain(SECRET).contains("(set)");
        assertThat(new AdminProperties(null).toString()).contains("unset");
    }

    @Test
    void bootstrapPropertiesHideTheKey() {
        assertThat(new BootstrapProperties(SECRET, "default").toString()).doesNotContain(SECRET).contains("(set)");
    }
}
