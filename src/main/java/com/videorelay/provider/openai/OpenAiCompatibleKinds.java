package com.videorelay.provider.openai;

import com.videorelay.provider.ModelSpec;
import com.videorelay.provider.ProviderHttp;
import com.videorelay.provider.UpstreamProperties;
import com.videorelay.provider.VideoProvider;
import com.videorelay.provider.VideoProviderFactory;
import java.net.URI;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The kinds that speak OpenAI's Videos API: openai, azure and the built-in simulator. */
@Configuration(proxyBeanMethods = false)
class OpenAiCompatibleKinds {

    /** OpenAI's documented values: sora-2 renders the two 720p sizes, sora-2-pro also the two tall/wide ones. */
    static final List<ModelSpec> SORA = List.of(
            ModelSpec.of("sora-2", List.of("4", "8", "12"), List.of("720x1280", "1280x720")),
            ModelSpec.of("sora-2-pro", List.of("4", "8", "12"),
                    List.of("720x1280", "1280x720", "1024x1792", "1792x1024")));

    @Bean
    VideoProviderFactory openAiKind() {
        return new Kind("openai", false, URI.create("https://api.openai.com/v1"), true);
    }

    @Bean
    VideoProviderFactory azureKind() {
        return new Kind("azure", true, null, true);
    }

    @Bean
    VideoProviderFactory simulatorKind() {
        return new Kind("simulator", false, null, false);
    }

    /** Each answers with its own expires_at, so none has a retention of its own. */
    private static final class Kind extends VideoProviderFactory {

        private final boolean azure;
        private final boolean needsApiKey;

        Kind(String kind, boolean azure, URI defaultBaseUrl, boolean needsApiKey) {
            super(kind, defaultBaseUrl, null, SORA);
            this.azure = azure;
            this.needsApiKey = needsApiKey;
        }

        @Override
        public VideoProvider create(UpstreamProperties settings, ProviderHttp http) {
            return new OpenAiVideoProvider(settings, http, azure);
        }

        @Override
        public boolean needsApiKey() {
            return needsApiKey;
        }
    }
}
