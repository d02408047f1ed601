package com.videorelay.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Upstreams configured the way deployments do it: environment variables only, as README and .env.example show. */
class UpstreamsConfigBindingTest {

    @Test
    void environmentVariablesBindAListOfUpstreamsWithDeploymentsAndDefaults() {
        UpstreamsConfig config = bind(Map.ofEntries(
                Map.entry("VIDEORELAY_UPSTREAMS_0_NAME", "openai"),
                Map.entry("VIDEORELAY_UPSTREAMS_0_KIND", "openai"),
                Map.entry("VIDEORELAY_UPSTREAMS_0_BASEURL", "https://api.openai.com/v1"),
                Map.entry("VIDEORELAY_UPSTREAMS_0_APIKEY", "sk-upstream"),
                Map.entry("VIDEORELAY_UPSTREAMS_0_MODELS_0", "sora-2"),
                Map.entry("VIDEORELAY_UPSTREAMS_0_MODELS_1", "sora-2-pro"),
                Map.entry("VIDEORELAY_UPSTREAMS_1_NAME", "azure"),
                Map.entry("VIDEORELAY_UPSTREAMS_1_KIND", "azure"),
                Map.entry("VIDEORELAY_UPSTREAMS_1_BASEURL", "https://my-resource.openai.azure.com/openai/v1"),
                Map.entry("VIDEORELAY_UPSTREAMS_1_APIKEY", "azure-key"),
                Map.entry("VIDEORELAY_UPSTREAMS_1_MODELS_0", "sora-2"),
                Map.entry("VIDEORELAY_UPSTREAMS_1_PROVIDERMODELS_0", "sora-2=my-sora-deployment"),
                Map.entry("VIDEORELAY_UPSTREAMS_1_REQUESTTIMEOUT", "90s")));

        assertThat(config.upstreams()).hasSize(2);
        UpstreamProperties openai = config.upstreams().get(0);
        assertThat(openai.baseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));
        assertThat(openai.models()).containsExactly("sora-2", "sora-2-pro");
        assertThat(openai.priority()).isZero();
        assertThat(openai.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(openai.maxConcurrency()).isEqualTo(16);
        UpstreamProperties azure = config.upstreams().get(1);
        assertThat(azure.kind()).isEqualTo("azure");
        assertThat(azure.providerModel("sora-2")).isEqualTo("my-sora-deployment");
        assertThat(azure.providerModel("sora-2-pro")).isEqualTo("sora-2-pro");
        assertThat(azure.requestTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(azure.toString()).doesNotContain("azure-key");
    }

    @Test
    void vertexSettingsBindFromTheEnvironmentAndAStorageUriMustBeABucket() {
        UpstreamsConfig config = bind(Map.of(
                "VIDEORELAY_UPSTREAMS_0_NAME", "veo",
                "VIDEORELAY_UPSTREAMS_0_KIND", "vertex",
                "VIDEORELAY_UPSTREAMS_0_PROJECT", "my-project",
                "VIDEORELAY_UPSTREAMS_0_LOCATION", "europe-west4",
                "VIDEORELAY_UPSTREAMS_0_STORAGEURI", "gs://my-veo-output/videorelay/",
                "VIDEORELAY_UPSTREAMS_0_STORAGEURL", "http://127.0.0.1:9000"));

        UpstreamProperties veo = config.upstreams().getFirst();
        assertThat(veo.project()).isEqualTo("my-project");
        assertThat(veo.location()).isEqualTo("europe-west4");
        assertThat(veo.storageUri()).isEqualTo("gs://my-veo-output/videorelay/");
        assertThat(veo.storageUrl()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThatThrownBy(() -> bind(Map.of("VIDEORELAY_UPSTREAMS_0_NAME", "veo", "VIDEORELAY_UPSTREAMS_0_KIND", "vertex",
                "VIDEORELAY_UPSTREAMS_0_STORAGEURI", "https://storage.googleapis.com/my-veo-output")))
                .hasStackTraceContaining("storage-uri must be gs://BUCKET/PREFIX/");
    }

    @Test
    void anUpstreamWithoutItsCredentialStopsTheStartWithAClearMessage() {
        UpstreamsConfig config = bind(Map.of(
                "VIDEORELAY_UPSTREAMS_0_NAME", "openai",
                "VIDEORELAY_UPSTREAMS_0_KIND", "openai",
                "VIDEORELAY_UPSTREAMS_0_BASEURL", "https://api.openai.com/v1",
                "VIDEORELAY_UPSTREAMS_0_MODELS_0", "sora-2"));
        assertThatThrownBy(() -> registry(config, kind("openai", true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Upstream openai: api-key is required for kind openai");
    }

    @Test
    void anUnknownKindStopsTheStartNamingTheKnownKinds() {
        UpstreamsConfig config = bind(Map.of(
                "VIDEORELAY_UPSTREAMS_0_NAME", "mine",
                "VIDEORELAY_UPSTREAMS_0_KIND", "sora",
                "VIDEORELAY_UPSTREAMS_0_APIKEY", "k"));
        assertThatThrownBy(() -> registry(config, kind("openai", true), kind("runway", true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Upstream mine: unknown kind 'sora'; known kinds: openai, runway");
    }

    @Test
    void aMalformedProviderModelsEntryIsRefused() {
        assertThatThrownBy(() -> bind(Map.of(
                "VIDEORELAY_UPSTREAMS_0_NAME", "azure",
                "VIDEORELAY_UPSTREAMS_0_KIND", "azure",
                "VIDEORELAY_UPSTREAMS_0_PROVIDERMODELS_0", "sora-2")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("provider-models entries are MODEL=PROVIDER_MODEL, got: sora-2");
    }

    private static UpstreamRegistry registry(UpstreamsConfig config, VideoProviderFactory... kinds) {
        return new UpstreamRegistry(config, List.of(kinds), tools.jackson.databind.json.JsonMapper.builder().build(),
                org.springframework.web.client.RestClient.builder(), new StandardEnvironment());
    }

    private static VideoProviderFactory kind(String name, boolean needsApiKey) {
        return new VideoProviderFactory(name, null, null, List.of()) {
            @Override
            public boolean needsApiKey() {
                return needsApiKey;
            }

            @Override
            public VideoProvider create(UpstreamProperties settings, ProviderHttp http) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void noUpstreamsIsAnEmptyList() {
        assertThat(bind(Map.of()).upstreams()).isEqualTo(List.of());
    }

    private static UpstreamsConfig bind(Map<String, Object> environment) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        return new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate("videorelay", UpstreamsConfig.class);
    }
}
