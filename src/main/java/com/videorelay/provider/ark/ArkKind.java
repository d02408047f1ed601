package com.videorelay.provider.ark;

import com.videorelay.provider.ModelSpec;
import com.videorelay.provider.ProviderHttp;
import com.videorelay.provider.UpstreamProperties;
import com.videorelay.provider.VideoProvider;
import com.videorelay.provider.VideoProviderFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;

/**
 * {@code kind: ark}: Seedance on Volcengine Ark (default base URL) or BytePlus ModelArk (base-url
 * {@code https://ark.ap-southeast.bytepluses.com/api/v3}). A {@code size} is sent as Seedance's
 * {@code ratio} and {@code resolution} fields, from the table below; Seedance renders each pair at
 * its own pixel size, close to the named one (e.g. 1248x704 for 720p 16:9).
 */
@Component
class ArkKind extends VideoProviderFactory {

    /** size → {ratio, resolution}: the six ratios Seedance takes, at 720p, 480p and 1080p. */
    static final Map<String, String[]> SHAPES = shapes();

    private static Map<String, String[]> shapes() {
        Map<String, String[]> shapes = new LinkedHashMap<>();
        shapes.put("1280x720", new String[] {"16:9", "720p"});
        shapes.put("720x1280", new String[] {"9:16", "720p"});
        shapes.put("960x720", new String[] {"4:3", "720p"});
        shapes.put("720x960", new String[] {"3:4", "720p"});
        shapes.put("720x720", new String[] {"1:1", "720p"});
        shapes.put("1680x720", new String[] {"21:9", "720p"});
        shapes.put("854x480", new String[] {"16:9", "480p"});
        shapes.put("480x854", new String[] {"9:16", "480p"});
        shapes.put("640x480", new String[] {"4:3", "480p"});
        shapes.put("480x640", new String[] {"3:4", "480p"});
        shapes.put("480x480", new String[] {"1:1", "480p"});
        shapes.put("1120x480", new String[] {"21:9", "480p"});
        shapes.put("1920x1080", new String[] {"16:9", "1080p"});
        shapes.put("1080x1920", new String[] {"9:16", "1080p"});
        shapes.put("1440x1080", new String[] {"4:3", "1080p"});
        shapes.put("1080x1440", new String[] {"3:4", "1080p"});
        shapes.put("1080x1080", new String[] {"1:1", "1080p"});
        shapes.put("2520x1080", new String[] {"21:9", "1080p"});
        return Collections.unmodifiableMap(shapes);
    }

    static final List<String> SIZES = List.copyOf(SHAPES.keySet());
    /** Sources disagree whether 2.0 fast renders 1080p; only the standard model is offered it. */
    static final List<String> SIZES_UP_TO_720P = SIZES.stream().filter(size -> !SHAPES.get(size)[1].equals("1080p")).toList();
    /** Seedance 2.0 and 2.0 fast: 4–15 seconds (Volcengine's model page; 1.x models differ). */
    static final List<String> SECONDS = IntStream.rangeClosed(4, 15).mapToObj(Integer::toString).toList();

    static final List<ModelSpec> MODELS = List.of(
            new ModelSpec("doubao-seedance-2-0-260128", SECONDS, SIZES, "5", null, null),
            new ModelSpec("doubao-seedance-2-0-fast-260128", SECONDS, SIZES_UP_TO_720P, "5", null, null));

    ArkKind() {
        // "video_url (valid 24 hours)"; task records are kept for 7 days.
        super("ark", URI.create("https://ark.cn-beijing.volces.com/api/v3"), Duration.ofHours(24), MODELS);
    }

    @Override
    public VideoProvider create(UpstreamProperties settings, ProviderHttp http) {
        return new ArkVideoProvider(settings, http);
    }
}
