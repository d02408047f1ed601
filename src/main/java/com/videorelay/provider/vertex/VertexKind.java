package com.videorelay.provider.vertex;

import com.videorelay.provider.ModelSpec;
import com.videorelay.provider.ProviderHttp;
import com.videorelay.provider.StoredVideos;
import com.videorelay.provider.UpstreamProperties;
import com.videorelay.provider.VideoProvider;
import com.videorelay.provider.VideoProviderFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code kind: vertex}: Veo 3.1 on Vertex AI, authenticated as a service account. A {@code size} sets
 * {@code aspectRatio} (16:9 or 9:16) and {@code resolution} (720p or 1080p); seconds are 4, 6 or 8.
 * With {@code storage-uri} Veo writes the video to the operator's bucket and the gateway reads it from
 * there; without, the video comes back inline and the gateway keeps it ({@link StoredVideos}).
 */
@Component
class VertexKind extends VideoProviderFactory {

    static final String DEFAULT_LOCATION = "us-central1";
    /** size → {aspectRatio, resolution}. */
    static final Map<String, String[]> SHAPES = Map.of(
            "1280x720", new String[] {"16:9", "720p"},
            "720x1280", new String[] {"9:16", "720p"},
            "1920x1080", new String[] {"16:9", "1080p"},
            "1080x1920", new String[] {"9:16", "1080p"});
    static final List<String> SIZES = List.of("1280x720", "720x1280", "1920x1080", "1080x1920");
    static final List<String> SECONDS = List.of("4", "6", "8");

    static final List<ModelSpec> MODELS = List.of(
            ModelSpec.of("veo-3.1-generate-001", SECONDS, SIZES),
            ModelSpec.of("veo-3.1-fast-generate-001", SECONDS, SIZES),
            ModelSpec.of("veo-3.1-lite-generate-001", SECONDS, SIZES));

    private final StoredVideos stored;

    VertexKind(StoredVideos stored) {
        // Neither the bucket's lifecycle nor the gateway's own copy has a documented lifetime: a day, as for the others.
        super("vertex", defaultBaseUrl(DEFAULT_LOCATION), Duration.ofHours(24), MODELS);
        this.stored = stored;
    }

    @Override
    public VideoProvider create(UpstreamProperties settings, ProviderHttp http) {
        return new VertexVideoProvider(settings, http, VertexCredentials.load(settings, System::getenv), stored);
    }

    /** The location's regional endpoint; {@code global} has the bare host. */
    @Override
    public URI defaultBaseUrl(UpstreamProperties settings) {
        return defaultBaseUrl(location(settings));
    }

    private static URI defaultBaseUrl(String location) {
        return URI.create(location.equals("global") ? "https://aiplatform.googleapis.com"
                : "https://" + location + "-aiplatform.googleapis.com");
    }

    static String location(UpstreamProperties settings) {
        String location = settings.location() == null || settings.location().isBlank() ? DEFAULT_LOCATION
                : settings.location().trim();
        if (!location.matches("[a-z0-9-]{1,63}")) {
            throw new IllegalArgumentException("Upstream " + settings.name() + ": location must be a Google Cloud "
                    + "region such as us-central1, got: " + location);
        }
        return location;
    }

    /** GCS objects are read through the JSON API, which answers directly; a redirect may only stay at Google. */
    @Override
    public List<String> defaultContentHosts() {
        return List.of(".googleapis.com", ".googleusercontent.com");
    }

    /** The credential is the service-account key: api-key, or GOOGLE_APPLICATION_CREDENTIALS. */
    @Override
    public boolean needsApiKey() {
        return false;
    }
}
