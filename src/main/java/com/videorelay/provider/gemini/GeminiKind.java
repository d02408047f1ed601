package com.videorelay.provider.gemini;

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
 * {@code kind: gemini}: Gemini Omni Flash on the Gemini API ({@code x-goog-api-key}). A {@code size}
 * sets the aspect ratio (16:9 or 9:16) and the resolution (its shorter side); seconds are 3 to 10.
 */
@Component
class GeminiKind extends VideoProviderFactory {

    static final List<ModelSpec> MODELS = List.of(new ModelSpec("gemini-omni-1.1-flash",
            IntStream.rangeClosed(3, 10).mapToObj(Integer::toString).toList(),
            List.of("1280x720", "720x1280", "640x360", "360x640", "1920x1080", "1080x1920", "3840x2160", "2160x3840"),
            null, null, null));

    GeminiKind() {
        // How long Google keeps the video URI is not documented: the gateway promises a day.
        super("gemini", URI.create("https://generativelanguage.googleapis.com"), Duration.ofHours(24), MODELS);
    }

    @Override
    public VideoProvider create(UpstreamProperties settings, ProviderHttp http) {
        return new GeminiVideoProvider(settings, http);
    }

    @Override
    public List<String> defaultContentHosts() {
        return List.of("generativelanguage.googleapis.com", ".googleusercontent.com", ".googleapis.com");
    }
}
