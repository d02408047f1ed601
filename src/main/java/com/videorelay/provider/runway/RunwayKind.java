package com.videorelay.provider.runway;

import com.videorelay.provider.ModelSpec;
import com.videorelay.provider.ProviderHttp;
import com.videorelay.provider.UpstreamProperties;
import com.videorelay.provider.VideoProvider;
import com.videorelay.provider.VideoProviderFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;

/**
 * {@code kind: runway}. The built-in models and their values follow Runway's SDK: a {@code size}
 * {@code WxH} is sent as the ratio {@code W:H}, {@code seconds} as the integer duration.
 */
@Component
class RunwayKind extends VideoProviderFactory {

    static final List<ModelSpec> MODELS = List.of(
            ModelSpec.of("gen4.5", IntStream.rangeClosed(2, 10).mapToObj(Integer::toString).toList(),
                    List.of("1280x720", "720x1280")),
            ModelSpec.of("veo3.1", List.of("4", "6", "8"), List.of("1280x720", "720x1280", "1920x1080", "1080x1920")),
            ModelSpec.of("veo3.1_fast", List.of("4", "6", "8"), List.of("1280x720", "720x1280", "1920x1080", "1080x1920")),
            ModelSpec.of("gen4_turbo", List.of("5", "10"),
                    List.of("1280x720", "720x1280", "1104x832", "832x1104", "960x960", "1584x672")).requiringImage());

    RunwayKind() {
        // Output URLs live 24–48 hours; the gateway promises the shorter.
        super("runway", URI.create("https://api.dev.runwayml.com"), Duration.ofHours(24), MODELS);
    }

    @Override
    public VideoProvider create(UpstreamProperties settings, ProviderHttp http) {
        return new RunwayVideoProvider(settings, http);
    }

    @Override
    public String defaultApiVersion() {
        return "2024-11-06";
    }

    @Override
    public List<String> defaultContentHosts() {
        return List.of(".cloudfront.net", ".runwayml.com");
    }
}
