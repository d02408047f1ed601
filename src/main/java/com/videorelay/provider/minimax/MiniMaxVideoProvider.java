package com.videorelay.provider.minimax;

import com.videorelay.provider.ContentSource;
import com.videorelay.provider.ProviderFailure;
import com.videorelay.provider.ProviderFailure.Outcome;
import com.videorelay.provider.ProviderFailure.Reason;
import com.videorelay.provider.ProviderHttp;
import com.videorelay.provider.ReferenceImages;
import com.videorelay.provider.ProviderHttp.Answer;
import com.videorelay.provider.ProviderHttp.Operation;
import com.videorelay.provider.Submission;
import com.videorelay.provider.TaskState;
import com.videorelay.provider.UpstreamProperties;
import com.videorelay.provider.VideoProvider;
import com.videorelay.task.VideoStatus;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * MiniMax Hailuo, v1 API: {@code POST /v1/video_generation}, then
 * {@code GET /v1/query/video_generation?task_id=}. A finished task names a {@code file_id};
 * {@code GET /v1/files/retrieve?file_id=} gives its {@code download_url}, which expires, so reading the
 * task again fetches a fresh one. Errors come in {@code base_resp.status_code} (MiniMax's error-code
 * table), which decides, not the HTTP status. MiniMax has no client-chosen id, listing, cancel or delete.
 */
final class MiniMaxVideoProvider implements VideoProvider {

    private static final Logger log = LoggerFactory.getLogger(MiniMaxVideoProvider.class);
    /** first_frame_image: at most 20 MB (MiniMax's video-generation guide). */
    static final long MAX_IMAGE_BYTES = 20L * 1024 * 1024;

    private final UpstreamProperties settings;
    private final ProviderHttp http;

    MiniMaxVideoProvider(UpstreamProperties settings, ProviderHttp http) {
        this.settings = settings;
        this.http = http;
    }

    @Override
    public String submit(Submission submission) {
        String resolution = MiniMaxKind.RESOLUTIONS.get(submission.size());
        if (resolution == null) {
            // Only an operator's own catalogue entry can get here: MiniMax takes tiers, not sizes.
            throw ProviderFailure.rejected("Invalid 'size': this model takes " + String.join(", ", MiniMaxKind.RESOLUTIONS.keySet().stream()
                    .sorted().toList()) + " (MiniMax renders resolution tiers, not arbitrary sizes).", "size", "invalid_value");
        }
        if (resolution.equals("1080P") && submission.secondsAsInt() != 6) {
            // MiniMax renders 10-second clips only below 1080P; never rounded to 6.
            throw ProviderFailure.rejected("Invalid value for 'seconds': '" + submission.seconds() + "'. Model '"
                    + submission.providerModel() + "' supports at size 1920x1080: 6 (10 needs size 1366x768).", "seconds",
                    "invalid_value");
        }
        MiniMaxWire.Create body = new MiniMaxWire.Create(submission.providerModel(), submission.prompt(),
                submission.secondsAsInt(), resolution, submission.image() == null ? null : firstFrame(submission.image()));
        Answer answer = http.exchange(Operation.SUBMIT, rest -> rest.post().uri("/v1/video_generation").headers(auth())
                .contentType(MediaType.APPLICATION_JSON).body(body));
        MiniMaxWire.Created created = answer.ok() ? http.json(answer, MiniMaxWire.Created.class, Operation.SUBMIT)
                : http.jsonOrNull(answer, MiniMaxWire.Created.class);
        MiniMaxWire.BaseResp base = created == null ? null : created.baseResp();
        if (!answer.ok() || base == null || base.statusCode() == null || base.statusCode() != 0) {
            throw submitFailure(answer, base);
        }
        if (!ProviderFailure.usableId(created.taskId())) {
            throw ProviderFailure.noUsableId(settings.name(), answer.status());
        }
        return created.taskId();
    }

    /** A URL as is; an upload as a data: URI; OpenAI file ids mean nothing here. */
    private static String firstFrame(Submission.Image image) {
        ReferenceImages.refuseFileId(image);
        return image.url() != null ? image.url() : ReferenceImages.dataUri(image.upload(), MAX_IMAGE_BYTES, "20 MB");
    }

    /** MiniMax's error codes (platform.minimax.io errorcode table) decide, whatever the HTTP status. */
    private ProviderFailure submitFailure(Answer answer, MiniMaxWire.BaseResp base) {
        int code = base == null || base.statusCode() == null ? -1 : base.statusCode();
        String message = base == null ? null : base.statusMsg();
        String detail = settings.name() + ": HTTP " + answer.status() + ", status_code " + code
                + (message == null ? "" : ": " + message);
        ProviderFailure.Builder failure = switch (code) {
            case 1002 -> ProviderFailure.of(Outcome.NOT_CREATED, Reason.RATE_LIMITED, detail)
                    .retryAfter(ProviderHttp.retryAfter(answer.header(HttpHeaders.RETRY_AFTER)));
            case 1004, 1008 -> ProviderFailure.of(Outcome.NOT_CREATED, Reason.MISCONFIGURED, detail);
            case 1026, 1027 -> ProviderFailure.of(Outcome.REJECTED, Reason.MODERATION, detail).client(
                    "Your request was blocked by the video provider's content safety system.", "prompt", "moderation_blocked");
            case 2013, 1042 -> ProviderFailure.of(Outcome.REJECTED, Reason.BAD_REQUEST, detail).client(
                    "The video provider refused the request: " + (message == null ? "invalid parameters" : message) + ".",
                    null, "invalid_request");
            case 1000, 1001, 1024, 1033 -> ProviderFailure.of(Outcome.AMBIGUOUS, Reason.SERVER_ERROR, detail);
            default -> code == -1 && !answer.ok() ? http.failure(answer, Operation.SUBMIT, message)
                    // An unknown code: MiniMax may have created the task.
                    : ProviderFailure.of(Outcome.AMBIGUOUS, Reason.SERVER_ERROR, detail);
        };
        return failure.status(answer.ok() ? (code == 1002 ? 429 : 400) : answer.status()).build();
    }

    @Override
    public TaskState read(String providerTaskId) {
        Answer answer = http.exchange(Operation.READ, rest -> rest.get()
                .uri(uri -> uri.path("/v1/query/video_generation").queryParam("task_id", providerTaskId).build())
                .headers(auth()));
        if (!answer.ok()) {
            throw http.failure(answer, Operation.READ, null).build();
        }
        MiniMaxWire.Task task = http.json(answer, MiniMaxWire.Task.class, Operation.READ);
        String status = task.status() == null ? "" : task.status();
        if (status.isEmpty()) {
            // No task in the answer: the query itself failed (rate limit, auth, unknown id…); try again later.
            throw readFailure("query", answer, task.baseResp());
        }
        return switch (status) {
            case "Preparing", "Queueing" -> TaskState.of(VideoStatus.QUEUED, 0, status);
            case "Processing" -> TaskState.of(VideoStatus.IN_PROGRESS, null, status);
            case "Success" -> {
                if (task.fileId() == null || task.fileId().isBlank()) {
                    yield TaskState.failed("generation_failed", "The video provider finished without a video.", status);
                }
                yield TaskState.completed(downloadUrl(task.fileId()), null, status);
            }
            case "Fail" -> failed(task.baseResp());
            default -> {
                log.warn("Upstream {} reports unknown status '{}'; keeping the task in_progress", settings.name(), status);
                yield TaskState.of(VideoStatus.IN_PROGRESS, null, status);
            }
        };
    }

    /** A failed task: 1026/1027 in its base_resp are MiniMax's content safety; anything else a generation failure. */
    static TaskState failed(MiniMaxWire.BaseResp base) {
        int code = base == null || base.statusCode() == null ? 0 : base.statusCode();
        if (code == 1026 || code == 1027) {
            return TaskState.failed("moderation_blocked",
                    "The video was blocked by the video provider's content safety system.", "Fail");
        }
        String message = base == null || base.statusMsg() == null || base.statusMsg().isBlank() || code == 0
                ? null : base.statusMsg();
        return TaskState.failed("generation_failed", message == null ? "The video provider could not generate the video."
                : "The video provider could not generate the video: " + message, "Fail");
    }

    /** A fresh download_url of the task's file: it expires, so it is fetched on every read of a finished task. */
    private String downloadUrl(String fileId) {
        Answer answer = http.exchange(Operation.READ, rest -> rest.get()
                .uri(uri -> uri.path("/v1/files/retrieve").queryParam("file_id", fileId).build()).headers(auth()));
        if (!answer.ok()) {
            throw http.failure(answer, Operation.READ, "files/retrieve").build();
        }
        MiniMaxWire.Retrieved retrieved = http.json(answer, MiniMaxWire.Retrieved.class, Operation.READ);
        MiniMaxWire.BaseResp base = retrieved.baseResp();
        if (base == null || base.statusCode() == null || base.statusCode() != 0 || retrieved.file() == null
                || retrieved.file().downloadUrl() == null || retrieved.file().downloadUrl().isBlank()) {
            throw readFailure("files/retrieve", answer, base);
        }
        return retrieved.file().downloadUrl();
    }

    private ProviderFailure readFailure(String call, Answer answer, MiniMaxWire.BaseResp base) {
        int code = base == null || base.statusCode() == null ? -1 : base.statusCode();
        Reason reason = switch (code) {
            case 1002 -> Reason.RATE_LIMITED;
            case 1004, 1008 -> Reason.MISCONFIGURED;
            default -> Reason.BAD_RESPONSE;
        };
        return ProviderFailure.of(Outcome.RETRYABLE, reason, settings.name() + ": " + call + " answered status_code " + code
                + (base == null || base.statusMsg() == null ? "" : ": " + base.statusMsg())).status(answer.status()).build();
    }

    @Override
    public Optional<ContentSource> content(String providerTaskId, String variant, String resultUrl) {
        return ContentSource.resultVideo(variant, resultUrl, () -> read(providerTaskId).resultUrl());
    }

    /** MiniMax has no cancel or delete call. */
    @Override
    public void delete(String providerTaskId) {
        // Nothing to call.
    }

    @Override
    public Duration typicalGeneration() {
        return Duration.ofMinutes(3);
    }

    private Consumer<HttpHeaders> auth() {
        return headers -> {
            headers.setBearerAuth(settings.apiKey());
            headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        };
    }

}
