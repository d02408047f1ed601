package com.videorelay.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Where downloads may go: addresses a provider hands out must be public, redirects only to expected hosts. */
class ContentAddressRulesTest {

    @ParameterizedTest(name = "{0} private: {1}")
    @CsvSource({"127.0.0.1, true", "10.1.2.3, true", "172.16.0.1, true", "192.168.1.1, true", "169.254.169.254, true",
            "100.64.0.1, true", "0.0.0.0, true", "::1, true", "fd00::1, true", "fe80::1, true",
            "8.8.8.8, false", "151.101.1.1, false", "2606:4700::1111, false"})
    void privateAndLoopbackAddressesAreRecognised(String address, boolean isPrivate) throws UnknownHostException {
        assertThat(ProviderHttp.PublicAddressesOnly.isPrivate(InetAddress.getByName(address))).isEqualTo(isPrivate);
    }

    @Test
    void aHostThatResolvesOnlyToPrivateAddressesIsRefusedByTheDownloadResolver() {
        assertThatThrownBy(() -> new ProviderHttp.PublicAddressesOnly().resolve("localhost"))
                .isInstanceOf(UnknownHostException.class).hasMessageContaining("allow-private-addresses");
    }

    @Test
    void redirectsGoOnlyToTheHostSuffixesOfTheKind() {
        UpstreamProperties runway = new UpstreamProperties("r", "runway", null, "k", null, null, null, null, null, null,
                null, null, null, null, null, null, List.of(".cloudfront.net", ".runwayml.com"), null);
        assertThat(runway.expectsContentHost("dnznrvs05pmza.cloudfront.net")).isTrue();
        assertThat(runway.expectsContentHost("cloudfront.net.evil.test")).isFalse();
        assertThat(runway.expectsContentHost("169.254.169.254")).isFalse();
        UpstreamProperties any = new UpstreamProperties("k", "kling", null, "k", null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
        assertThat(any.expectsContentHost("cdn.example.test")).isTrue();
    }
}
