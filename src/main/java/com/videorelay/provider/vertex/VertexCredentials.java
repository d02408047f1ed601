package com.videorelay.provider.vertex;

import com.google.auth.oauth2.ServiceAccountCredentials;
import com.videorelay.provider.ProviderFailure;
import com.videorelay.provider.ProviderFailure.Outcome;
import com.videorelay.provider.ProviderFailure.Reason;
import com.videorelay.provider.UpstreamProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A service account's OAuth2 access tokens, from its JSON key: inline in {@code api-key}, else the file
 * {@code GOOGLE_APPLICATION_CREDENTIALS} names. Google's auth library signs the JWT assertion, exchanges it
 * at the key's {@code token_uri}, caches the token and refreshes it before it expires.
 */
final class VertexCredentials {

    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

    private final String upstream;
    private final ServiceAccountCredentials credentials;

    private VertexCredentials(String upstream, ServiceAccountCredentials credentials) {
        this.upstream = upstream;
        this.credentials = credentials;
    }

    /** Reads the key at start-up, so a missing or broken one stops the gateway with the upstream's name. */
    static VertexCredentials load(UpstreamProperties settings, UnaryOperator<String> environment) {
        byte[] key;
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            key = settings.apiKey().getBytes(StandardCharsets.UTF_8);
        } else {
            String path = environment.apply("GOOGLE_APPLICATION_CREDENTIALS");
            if (path == null || path.isBlank()) {
                throw new IllegalArgumentException("Upstream " + settings.name() + ": kind vertex needs a service-account "
                        + "key: api-key (the key's JSON) or the environment variable GOOGLE_APPLICATION_CREDENTIALS (its path)");
            }
            try {
                key = Files.readAllBytes(Path.of(path));
            } catch (IOException e) {
                throw new IllegalArgumentException("Upstream " + settings.name()
                        + ": cannot read GOOGLE_APPLICATION_CREDENTIALS (" + path + "): " + e.getClass().getSimpleName());
            }
        }
        try {
            ServiceAccountCredentials credentials = (ServiceAccountCredentials) ServiceAccountCredentials
                    .fromStream(new ByteArrayInputStream(key)).createScoped(List.of(SCOPE));
            return new VertexCredentials(settings.name(), credentials);
        } catch (IOException | RuntimeException unreadable) {
            // Never the key's text: the library's message can quote it.
            throw new IllegalArgumentException("Upstream " + settings.name() + ": the service-account key is not a "
                    + "readable service-account JSON key (" + unreadable.getClass().getSimpleName() + ")");
        }
    }

    /** The key's project_id, or null. */
    String projectId() {
        return credentials.getProjectId();
    }

    /**
     * {@code Bearer <token>}: the cached token, or a new one fetched now. No token means nothing was sent to
     * Vertex, so a failed submit created nothing.
     */
    String authorization(boolean submit) {
        try {
            Map<String, List<String>> metadata = credentials.getRequestMetadata();
            List<String> values = metadata.get("Authorization");
            if (values == null || values.isEmpty()) {
                throw new IOException("no Authorization in the credentials' metadata");
            }
            return values.getFirst();
        } catch (IOException | RuntimeException failed) {
            boolean network = false;
            for (Throwable t = failed; t != null; t = t.getCause()) {
                network = network || t instanceof ConnectException || t instanceof UnknownHostException
                        || t instanceof InterruptedIOException;
            }
            throw ProviderFailure.of(submit ? Outcome.NOT_CREATED : Outcome.RETRYABLE,
                    network ? Reason.UNREACHABLE : Reason.MISCONFIGURED,
                    upstream + ": no OAuth2 access token for the service account: " + failed.getClass().getSimpleName()
                            + (failed.getMessage() == null ? "" : ": " + firstLine(failed.getMessage()))).build();
        }
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }
}
