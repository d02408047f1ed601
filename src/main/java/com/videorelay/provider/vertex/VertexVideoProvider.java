package com.videorelay.provider.vertex;

import com.videorelay.provider.ContentSource;
import com.videorelay.provider.ProviderFailure;
import com.videorelay.provider.ProviderFailure.Outcome;
import com.videorelay.provider.ProviderFailure.Reason;
import com.videorelay.provider.ProviderHttp;
import com.videorelay.provider.ProviderHttp.Answer;
import com.videorelay.provider.ProviderHttp.Operation;
import com.videorelay.provider.ReferenceImages;
import com.videorelay.provider.StoredVideos;
import com.videorelay.provider.Submission;
import com.videorelay.provider.TaskState;
import com.videorelay.provider.UpstreamProperties;
import com.videorelay.provider.VideoProvider;
import com.videorelay.task.VideoStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Veo on Vertex AI: {@code POST /v1/projects/{p}/locations/{l}/publishers/google/models/{m}:predictLongRunning}
 * answers an operation name (the provider's task id); {@code POST …/models/{m}:fetchPredictOperation} with
 * {@code {"operationName"}} polls it. The finished video is a {@code gcsUri} in the operator's bucket when
 * {@code storage-uri} is set (downloaded through the GCS JSON API with the same token), else inline base64,
 * which the gateway stores ({@link StoredVideos}) because the operation is its only copy. Vertex documents
 * no cancel for these operations and takes no client-chosen id.
 */
final class VertexVideoProvider implements VideoProvider {

    private static final Logger log = LoggerFactory.getLogger(VertexVideoProvider.class);
    /** An operation with an inline video is as large as the video, a third more in base64. */
    static final int MAX_OPERATION_BYTES = 64 << 20;
    /** Reference images inline: at most 20 MB (Vertex's documented request limit for Veo images is not confirmed). */
    static final long MAX_IMAGE_BYTES = 20L * 1024 * 1024;
    /** resultUrl of a video the gateway stored itself. */
    static final String STORED = "stored:vertex-inline";
    /** An operation name, and the model path its polls go to; segments restricted so they need no encoding. */
    private static final Pattern OPERATION = Pattern.compile(
            "(projects/[A-Za-z0-9._-]+/locations/[a-z0-9-]+/publishers/google/models/[A-Za-z0-9._-]+)/operations/[A-Za-z0-9._-]+");
    private static final Pattern GCS = Pattern.compile("gs://([a-z0-9][a-z0-9._-]*)/(.+)");

    private final UpstreamProperties settings;
    private final ProviderHttp http;
    private final VertexCredentials credentials;
    private final StoredVideos stored;
    private final String project;
    private final String location;

    VertexVideoProvider(UpstreamProperties settings, ProviderHttp http, VertexCredentials credentials, StoredVideos stored) {
        this.settings = settings;
        this.http = http;
        this.credentials = credentials;
        this.stored = stored;
        this.project = settings.project() != null && !settings.project().isBlank() ? settings.project().trim()
                : credentials.projectId();
        if (project == null || !project.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException("Upstream " + settings.name() + ": set project (the key has no project_id)");
        }
        this.location = VertexKind.location(settings);
    }

    @Override
    public String submit(Submission submission) {
        String[] shape = VertexKind.SHAPES.get(submission.size());
        if (shape == null) {
            // Only an operator's own catalogue entry can get here: Veo has no other shapes.
            throw ProviderFailure.rejected("Invalid 'size': this model supports: " + String.join(", ", VertexKind.SIZES) + ".",
                    "size", "invalid_value");
        }
        if (!VertexKind.SECONDS.contains(submission.seconds())) {
            throw ProviderFailure.rejected("Invalid 'seconds': this model supports: " + String.join(", ", VertexKind.SECONDS)
                    + ".", "seconds", "invalid_value");
        }
        VertexWire.Predict body = new VertexWire.Predict(
                List.of(new VertexWire.Instance(submission.prompt(), submission.image() == null ? null : image(submission.image()))),
                new VertexWire.Parameters(shape[0], submission.secondsAsInt(), shape[1], 1, settings.storageUri(), true));
        String authorization = credentials.authorization(true);
        Answer answer = http.exchange(Operation.SUBMIT, rest -> rest.post()
                .uri("/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:predictLongRunning",
                        project, location, submission.providerModel())
                .headers(auth(authorization)).contentType(MediaType.APPLICATION_JSON).body(body));
        if (!answer.ok()) {
            throw submitFailure(answer);
        }
        VertexWire.Operation operation = http.json(answer, VertexWire.Operation.class, Operation.SUBMIT);
        if (!ProviderFailure.usableId(operation.name()) || !OPERATION.matcher(operation.name()).matches()) {
            throw ProviderFailure.noUsableId(settings.name(), answer.status());
        }
        return operation.name();
    }

    /** An upload or a data: URL inline; a gs:// URL as gcsUri (Vertex reads it with its own service agent). */
    private static VertexWire.Media image(Submission.Image image) {
        ReferenceImages.refuseFileId(image);
        if (image.upload() != null) {
            return new VertexWire.Media(ReferenceImages.base64(image.upload(), MAX_IMAGE_BYTES, "20 MB"), null,
                    ReferenceImages.mediaType(image.upload()));
        }
        String url = image.url();
        if (url.startsWith("data:") && url.contains(",")) {
            String type = url.substring(5, Math.max(5, url.indexOf(';'))).trim();
            return new VertexWire.Media(url.substring(url.indexOf(',') + 1), null, type.startsWith("image/") ? type : "image/png");
        }
        if (GCS.matcher(url).matches()) {
            String lower = url.toLowerCase(Locale.ROOT);
            String type = lower.endsWith(".jpg") || lower.endsWith(".jpeg") ? "image/jpeg"
                    : lower.endsWith(".webp") ? "image/webp" : "image/png";
            return new VertexWire.Media(null, url, type);
        }
        throw ProviderFailure.rejected("Invalid 'input_reference': this model takes an uploaded image, a data: URL or a "
                + "gs:// URL.", "input_reference", "invalid_value");
    }

    /** The HTTP status decides as usual; a 400 naming Google's usage guidelines or Responsible AI is the safety filter. */
    private ProviderFailure submitFailure(Answer answer) {
        VertexWire.ErrorBody body = http.jsonOrNull(answer, VertexWire.ErrorBody.class);
        VertexWire.ErrorDetail error = body == null ? null : body.error();
        String message = error == null ? null : error.message();
        String detail = error == null ? null : error.status() + ": " + message;
        if (answer.status() == 400 && isSafety(message)) {
            return ProviderFailure.of(Outcome.REJECTED, Reason.MODERATION, settings.name() + ": HTTP 400: " + detail)
                    .status(400).client("Your request was blocked by the video provider's safety filters.", "prompt",
                            "moderation_blocked").build();
        }
        ProviderFailure.Builder failure = http.failure(answer, Operation.SUBMIT, detail);
        if (answer.status() == 400) {
            failure.client("The video provider refused the request: " + (message == null ? "invalid request" : message)
                    + (message != null && message.endsWith(".") ? "" : "."), null, "invalid_request");
        }
        return failure.build();
    }

    static boolean isSafety(String message) {
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return lower.contains("usage guidelines") || lower.contains("responsible ai") || lower.contains("support codes");
    }

    @Override
    public TaskState read(String providerTaskId) {
        Matcher name = OPERATION.matcher(providerTaskId);
        if (!name.matches()) {
            throw ProviderFailure.of(Outcome.GONE, Reason.NOT_FOUND, settings.name() + ": not a Veo operation name").build();
        }
        String authorization = credentials.authorization(false);
        Answer answer = http.exchange(Operation.READ, MAX_OPERATION_BYTES, rest -> rest.post()
                .uri("/v1/" + name.group(1) + ":fetchPredictOperation").headers(auth(authorization))
                .contentType(MediaType.APPLICATION_JSON).body(new VertexWire.Fetch(providerTaskId)));
        if (!answer.ok()) {
            throw http.failure(answer, Operation.READ, null).build();
        }
        if (answer.body().length == 0) {
            throw ProviderFailure.of(Outcome.RETRYABLE, Reason.BAD_RESPONSE, settings.name() + ": the operation is empty or "
                    + "larger than " + (MAX_OPERATION_BYTES >> 20) + " MB (an inline video that large needs storage-uri)").build();
        }
        VertexWire.Operation operation = http.json(answer, VertexWire.Operation.class, Operation.READ);
        if (!Boolean.TRUE.equals(operation.done())) {
            return TaskState.of(VideoStatus.IN_PROGRESS, null, "running");
        }
        if (operation.error() != null) {
            return failed(operation.error());
        }
        return finished(providerTaskId, operation.response());
    }

    /** A finished operation's result: the first video, else the safety filter's count and codes, never a completed task without a video. */
    private TaskState finished(String providerTaskId, VertexWire.Result result) {
        List<VertexWire.Video> videos = result == null || result.videos() == null ? List.of() : result.videos();
        Optional<VertexWire.Video> video = videos.stream().filter(v -> v.gcsUri() != null
                || (v.bytesBase64Encoded() != null && v.bytesBase64Encoded().length > 0)).findFirst();
        if (video.isEmpty()) {
            List<String> reasons = result == null || result.raiMediaFilteredReasons() == null ? List.of()
                    : result.raiMediaFilteredReasons();
            boolean filtered = !reasons.isEmpty() || (result != null && result.raiMediaFilteredCount() != null
                    && result.raiMediaFilteredCount() > 0);
            if (filtered) {
                return TaskState.failed("moderation_blocked", "The video was blocked by the video provider's safety filters"
                        + (reasons.isEmpty() ? "." : " (support codes: " + String.join(", ", reasons) + ")."), "done, filtered");
            }
            return TaskState.failed("generation_failed", "The video provider finished without a video.", "done, no video");
        }
        if (video.get().gcsUri() != null) {
            return TaskState.completed(video.get().gcsUri(), null, "done");
        }
        String type = video.get().mimeType() == null || video.get().mimeType().isBlank() ? "video/mp4" : video.get().mimeType();
        stored.save(settings.name(), providerTaskId, type, video.get().bytesBase64Encoded(), settings.retention());
        return TaskState.completed(STORED, null, "done, inline");
    }

    /** google.rpc.Status → OpenAI terms: 1 is a cancel; the rest fail with a code by what the status proves. */
    static TaskState failed(VertexWire.Status error) {
        int code = error.code() == null ? 2 : error.code();
        String message = error.message() == null || error.message().isBlank() ? null : error.message();
        if (code == 1) {
            return TaskState.of(VideoStatus.CANCELLED, null, "done, cancelled");
        }
        if (isSafety(message)) {
            return TaskState.failed("moderation_blocked", "The video was blocked by the video provider's safety filters: "
                    + message, "error " + code);
        }
        String errorCode = switch (code) {
            case 3, 9, 11 -> "invalid_request"; // INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE
            case 4 -> "generation_timed_out"; // DEADLINE_EXCEEDED
            case 8 -> "rate_limit_exceeded"; // RESOURCE_EXHAUSTED
            default -> "generation_failed";
        };
        return TaskState.failed(errorCode, "The video provider could not generate the video"
                + (message == null ? " (status " + code + ")." : ": " + message), "error " + code);
    }

    /** In the bucket: the GCS JSON API with the service account's token; inline: the gateway's own copy. */
    @Override
    public Optional<ContentSource> content(String providerTaskId, String variant, String resultUrl) {
        return ContentSource.resultVideoUrl(variant, resultUrl, () -> read(providerTaskId).resultUrl())
                .map(url -> source(providerTaskId, url));
    }

    private ContentSource source(String providerTaskId, String url) {
        if (url.equals(STORED)) {
            return stored.source(settings.name(), providerTaskId).orElseThrow(() -> ProviderFailure.of(
                    Outcome.GONE, Reason.NOT_FOUND, settings.name() + ": the stored video is gone").build());
        }
        Matcher gcs = GCS.matcher(url);
        if (!gcs.matches()) {
            throw ProviderFailure.of(Outcome.GONE, Reason.BAD_RESPONSE, settings.name() + ": not a gs:// result").build();
        }
        URI media = URI.create(storageUrl() + "/storage/v1/b/" + encode(gcs.group(1)) + "/o/" + encode(gcs.group(2))
                + "?alt=media");
        // Refreshable: a 401/403 after the token expired makes the gateway read the task again and ask for a new one.
        return new ContentSource(media, Map.of(HttpHeaders.AUTHORIZATION, credentials.authorization(false)), true);
    }

    private String storageUrl() {
        String base = settings.storageUrl() == null ? "https://storage.googleapis.com" : settings.storageUrl().toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Object names go in one path segment: slashes too are encoded. */
    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Vertex documents no cancel for Veo operations, so nothing is called there: a running generation
     * finishes (and is billed). The gateway's own copy of an inline video goes now; an object in the
     * bucket stays for the bucket's lifecycle rules.
     */
    @Override
    public void delete(String providerTaskId) {
        try {
            stored.remove(settings.name(), providerTaskId);
        } catch (RuntimeException failed) {
            log.warn("Upstream {}: could not delete the stored video of {}: {}", settings.name(), providerTaskId, failed.toString());
            throw ProviderFailure.of(Outcome.RETRYABLE, Reason.SERVER_ERROR, settings.name() + ": stored video not deleted").build();
        }
    }

    @Override
    public Duration typicalGeneration() {
        return Duration.ofSeconds(90);
    }

    private static Consumer<HttpHeaders> auth(String authorization) {
        return headers -> {
            headers.set(HttpHeaders.AUTHORIZATION, authorization);
            headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        };
    }
}
