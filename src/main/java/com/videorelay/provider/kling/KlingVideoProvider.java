package com.videorelay.provider.kling;

import com.videorelay.provider.ContentSource;
import com.videorelay.provider.ProviderFailure;
import com.videorelay.provider.ProviderFailure.Outcome;
import com.videorelay.provider.ProviderFailure.Reason;
import com.videorelay.provider.ProviderHttp;
import com.videorelay.provider.ReferenceImages;
import com.videorelay.provider.ProviderHttp.Answer;
import com.videorelay.provider.ProviderHttp.Operation;
import com.videorelay.provider.Reconciliation;
import com.videorelay.provider.Submission;
import com.videorelay.provider.TaskState;
import com.videorelay.provider.UpstreamProperties;
import com.videorelay.provider.VideoProvider;
import com.videorelay.task.VideoStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Kling: {@code POST /v1/videos/text2video} or {@code /image2video}, then {@code GET} on the same path
 * family with the task id. The gateway's id goes out as {@code external_task_id}, which Kling accepts in
 * place of its task id on the query, so an ambiguous create is reconciled by asking for it. The
 * provider's id is stored as {@code FAMILY/TASK_ID} (e.g. {@code text2video/8672…}), since polls must
 * use the family the task was created with. Kling has no cancel or delete call.
 */
final class KlingVideoProvider implements VideoProvider {

    private static final Logger log = LoggerFactory.getLogger(KlingVideoProvider.class);
    private static final List<String> FAMILIES = List.of("text2video", "image2video");

    private final UpstreamProperties settings;
    private final ProviderHttp http;
    private final KlingTokens tokens;

    KlingVideoProvider(UpstreamProperties settings, ProviderHttp http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.tokens = new KlingTokens(settings.apiKey(), settings.secretKey(), clock);
    }

    @Override
    public String submit(Submission submission) {
        int[] size = submission.dimensions();
        String family = submission.image() == null ? "text2video" : "image2video";
        KlingWire.Create body = new KlingWire.Create(submission.providerModel(), submission.prompt(),
                submission.image() == null ? null : image(submission.image()), submission.seconds(),
                Math.max(size[0], size[1]) >= 1920 || Math.min(size[0], size[1]) >= 1080 ? "pro" : "std",
                aspectRatio(size), submission.gatewayId());
        Answer answer = http.exchange(Operation.SUBMIT, rest -> rest.post().uri("/v1/videos/" + family).headers(auth())
                .contentType(MediaType.APPLICATION_JSON).body(body));
        KlingWire.Envelope envelope = answer.ok() ? http.json(answer, KlingWire.Envelope.class, Operation.SUBMIT)
                : http.jsonOrNull(answer, KlingWire.Envelope.class);
        if (!answer.ok() || envelope.code() == null || envelope.code() != 0) {
            throw submitFailure(answer, envelope);
        }
        if (envelope.data() == null || !ProviderFailure.usableId(envelope.data().taskId())) {
            throw ProviderFailure.noUsableId(settings.name(), answer.status());
        }
        return family + "/" + envelope.data().taskId();
    }

    /** 16:9, 9:16 or 1:1, the only aspect ratios Kling generates; the catalogue admits no other size. */
    static String aspectRatio(int[] size) {
        if (size[0] * 9 == size[1] * 16) {
            return "16:9";
        }
        if (size[0] * 16 == size[1] * 9) {
            return "9:16";
        }
        return "1:1";
    }

    /** A URL as is; an upload as raw base64, without the data: prefix Kling refuses. */
    private static String image(Submission.Image image) {
        ReferenceImages.refuseFileId(image);
        if (image.url() != null) {
            String url = image.url();
            int comma = url.indexOf(',');
            return url.startsWith("data:") && comma > 0 ? url.substring(comma + 1) : url;
        }
        return ReferenceImages.base64(image.upload(), 10L * 1024 * 1024, "10 MB");
    }

    /** Kling's service codes (its "General Information" error table) decide, not only the HTTP status. */
    private ProviderFailure submitFailure(Answer answer, KlingWire.Envelope envelope) {
        int code = envelope == null || envelope.code() == null ? -1 : envelope.code();
        String message = envelope == null ? null : envelope.message();
        String detail = settings.name() + ": HTTP " + answer.status() + ", code " + code + (message == null ? "" : ": " + message);
        Duration retryAfter = ProviderHttp.retryAfter(answer.header(HttpHeaders.RETRY_AFTER));
        ProviderFailure.Builder failure = switch (code) {
            case 1000, 1001, 1002, 1003, 1004, 1100, 1101, 1102, 1103, 1202, 1203, 1304 ->
                    ProviderFailure.of(Outcome.NOT_CREATED, Reason.MISCONFIGURED, detail);
            case 1302, 1303 -> ProviderFailure.of(Outcome.NOT_CREATED, Reason.RATE_LIMITED, detail).retryAfter(retryAfter);
            case 5001 -> ProviderFailure.of(Outcome.NOT_CREATED, Reason.SERVER_ERROR, detail);
            case 1300, 1301 -> ProviderFailure.of(Outcome.REJECTED, Reason.MODERATION, detail).client(
                    "Your request was blocked by the video provider's content safety system.", "prompt", "moderation_blocked");
            case 1200, 1201 -> ProviderFailure.of(Outcome.REJECTED, Reason.BAD_REQUEST, detail).client(
                    "The video provider refused the request: " + (message == null ? "invalid parameters" : message) + ".",
                    null, "invalid_request");
            default -> code == -1 && !answer.ok() ? http.failure(answer, Operation.SUBMIT, message)
                    // 5000, 5002 and the unknown: the task may have been created (and can be looked up).
                    : ProviderFailure.of(Outcome.AMBIGUOUS, Reason.SERVER_ERROR, detail);
        };
        return failure.status(answer.status() == 200 ? 400 : answer.status()).build();
    }

    @Override
    public TaskState read(String providerTaskId) {
        int slash = providerTaskId.indexOf('/');
        if (slash < 0 || !FAMILIES.contains(providerTaskId.substring(0, slash))) {
            throw ProviderFailure.of(Outcome.GONE, Reason.NOT_FOUND, settings.name() + ": not a Kling task id: " + providerTaskId)
                    .build();
        }
        KlingWire.Task task = query(providerTaskId.substring(0, slash), providerTaskId.substring(slash + 1))
                .orElseThrow(() -> ProviderFailure.of(Outcome.GONE, Reason.NOT_FOUND,
                        settings.name() + ": task " + providerTaskId + " not found").build());
        String status = task.taskStatus() == null ? "" : task.taskStatus();
        return switch (status) {
            case "submitted" -> TaskState.of(VideoStatus.QUEUED, 0, status);
            case "processing" -> TaskState.of(VideoStatus.IN_PROGRESS, null, status);
            case "succeed" -> {
                List<KlingWire.Video> videos = task.taskResult() == null ? null : task.taskResult().videos();
                if (videos == null || videos.isEmpty() || videos.getFirst().url() == null) {
                    yield TaskState.failed("generation_failed", "The video provider finished without a video.", status);
                }
                yield TaskState.completed(videos.getFirst().url(), null, status);
            }
            case "failed" -> failed(task.taskStatusMsg());
            default -> {
                log.warn("Upstream {} reports unknown task_status '{}'; keeping the task in_progress", settings.name(), status);
                yield TaskState.of(VideoStatus.IN_PROGRESS, null, status);
            }
        };
    }

    /** A failure by Kling's risk control is a moderation block; other reasons are shown as Kling words them. */
    static TaskState failed(String reason) {
        String text = reason == null || reason.isBlank() ? null : reason;
        if (text != null && text.toLowerCase(Locale.ROOT).contains("risk control")) {
            return TaskState.failed("moderation_blocked",
                    "The video was blocked by the video provider's content safety system.", "failed");
        }
        return TaskState.failed("generation_failed", text == null ? "The video provider could not generate the video."
                : "The video provider could not generate the video: " + text, "failed");
    }

    /** The task by its id or external_task_id; empty if Kling does not know it. */
    private Optional<KlingWire.Task> query(String family, String id) {
        Answer answer = http.exchange(Operation.READ, rest -> rest.get().uri("/v1/videos/" + family + "/{id}", id).headers(auth()));
        KlingWire.Envelope envelope = answer.ok() ? http.json(answer, KlingWire.Envelope.class, Operation.READ)
                : http.jsonOrNull(answer, KlingWire.Envelope.class);
        int code = envelope == null || envelope.code() == null ? -1 : envelope.code();
        if (answer.status() == 404 || code == 1203) {
            return Optional.empty();
        }
        if (!answer.ok() || code != 0 || envelope.data() == null) {
            throw ProviderFailure.of(Outcome.RETRYABLE, answer.status() == 429 ? Reason.RATE_LIMITED : Reason.SERVER_ERROR,
                    settings.name() + ": query answered HTTP " + answer.status() + ", code " + code).status(answer.status())
                    .retryAfter(ProviderHttp.retryAfter(answer.header(HttpHeaders.RETRY_AFTER))).build();
        }
        return Optional.of(envelope.data());
    }

    @Override
    public boolean canReconcile() {
        return true;
    }

    @Override
    public Optional<Reconciliation> reconcile(String gatewayId) {
        for (String family : FAMILIES) {
            Optional<KlingWire.Task> task = query(family, gatewayId);
            if (task.isPresent() && task.get().taskId() != null) {
                return Optional.of(Reconciliation.found(family + "/" + task.get().taskId()));
            }
        }
        return Optional.of(Reconciliation.absent());
    }

    @Override
    public Optional<ContentSource> content(String providerTaskId, String variant, String resultUrl) {
        return ContentSource.resultVideo(variant, resultUrl, () -> read(providerTaskId).resultUrl());
    }

    /** Kling has no cancel or delete call: its copy is cleared after 30 days. */
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
            headers.setBearerAuth(tokens.current());
            headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        };
    }

}
