package com.videorelay.provider.minimax;

import com.videorelay.provider.ModelSpec;
import com.videorelay.provider.ProviderHttp;
import com.videorelay.provider.UpstreamProperties;
import com.videorelay.provider.VideoProvider;
import com.videorelay.provider.VideoProviderFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code kind: minimax} (MiniMax Hailuo, v1 API). MiniMax takes no aspect ratio, only a resolution
 * tier, and renders text-to-video in landscape 16:9; so the catalogue lists only the landscape size of
 * each tier a model renders, and a {@code size} is sent as its tier: 1280x720 → 720P, 1366x768 → 768P,
 * 1920x1080 → 1080P. With a first-frame image the video takes the image's aspect ratio at that tier.
 */
@Component
class MiniMaxKind extends VideoProviderFactory {

    /** The size the catalogue admits for each resolution tier MiniMax names. */
    static final Map<String, String> RESOLUTIONS = Map.of("1280x720", "720P", "1366x768", "768P", "1920x1080", "1080P");

    static final List<ModelSpec> MODELS = List.of(
            ModelSpec.of("MiniMax-Hailuo-2.3", List.of("6", "10"), List.of("1366x768", "1920x1080")),
            ModelSpec.of("MiniMax-Hailuo-2.3-Fast", List.of("6", "10"), List.of("1366x768", "1920x1080")).requiringImage(),
            ModelSpec.of("MiniMax-Hailuo-02", List.of("6", "10"), List.of("1366x768", "1920x1080")),
            ModelSpec.of("T2V-01", List.of("6"), List.of("1280x720")),
            ModelSpec.of("T2V-01-Director", List.of("6"), List.of("1280x720")));

    MiniMaxKind() {
        // The global host; China accounts set base-url https://api.minimaxi.com.
        // MiniMax does not document how long a download_url or the file lives. The gateway promises 24 hours
        // (like Runway and Seedance) and fetches a fresh download_url whenever the old one is refused.
        super("minimax", URI.create("https://api.minimax.io"), Duration.ofHours(24), MODELS);
    }

    @Override
    public VideoProvider create(UpstreamProperties settings, ProviderHttp http) {
        return new MiniMaxVideoProvider(settings, http);
    }
}
