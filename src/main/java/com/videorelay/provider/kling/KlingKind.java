package com.videorelay.provider.kling;

import com.videorelay.provider.ModelSpec;
import com.videorelay.provider.ProviderHttp;
import com.videorelay.provider.UpstreamProperties;
import com.videorelay.provider.VideoProvider;
import com.videorelay.provider.VideoProviderFactory;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;

/**
 * {@code kind: kling}: api-key is the access key, secret-key the secret key. A {@code size} sets both
 * Kling's aspect ratio (16:9, 9:16, 1:1) and its mode: 720p sizes are {@code std}, 1080p sizes {@code pro}.
 */
@Component
class KlingKind extends VideoProviderFactory {

    private static final List<String> STD_AND_PRO = List.of("1280x720", "720x1280", "720x720", "1920x1080", "1080x1920",
            "1080x1080");
    private static final List<String> PRO_ONLY = List.of("1920x1080", "1080x1920", "1080x1080");

    static final List<ModelSpec> MODELS = List.of(
            new ModelSpec("kling-v2-6", List.of("5", "10"), STD_AND_PRO, null, null, null),
            new ModelSpec("kling-v3", IntStream.rangeClosed(3, 15).mapToObj(Integer::toString).toList(), STD_AND_PRO,
                    null, null, null),
            new ModelSpec("kling-v2-5-turbo", List.of("5", "10"), PRO_ONLY, null, "1080x1920", null),
            new ModelSpec("kling-v2-1-master", List.of("5", "10"), PRO_ONLY, null, "1080x1920", null));

    KlingKind() {
        // "Generated images/videos will be cleared after 30 days."
        super("kling", URI.create("https://api-singapore.klingai.com"), Duration.ofDays(30), MODELS);
    }

    @Override
    public VideoProvider create(UpstreamProperties settings, ProviderHttp http) {
        return new KlingVideoProvider(settings, http, Clock.systemUTC());
    }

    @Override
    public boolean needsSecretKey() {
        return true;
    }
}
