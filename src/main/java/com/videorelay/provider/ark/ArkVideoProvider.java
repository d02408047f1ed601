package com.videorelay.provider.ark;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Seedance on Ark: {@code POST /contents/generations/tasks} (below the base URL's {@code /api/v3}),
 * then {@code GET /contents/generations/tasks/{id}}; {@code DELETE} cancels a queued task or deletes a
 * finished one. Errors keep the HTTP status with {@code {"error": {"code", "message", "param", "type"}}}.
 * The finished video is a {@code video_url} valid for 24 hours, without credentials. Ark takes no
 * client-chosen id, so an ambiguous create cannot be reconciled.
 */
final class ArkVideoProvider implements VideoProvider {

    private static final Logger log = LoggerFactory.getLogger(ArkVideoProvider.class);
    /** Reference images: at most 10 MB (Ark's image-to-video guide; 30 MB on 2.x is unconfirmed). */
    static final long MAX_IMAGE_BYTES = 10L * 1024 * 1024;
    private static final String TASKS = "/contents/generations/tasks";

    private final UpstreamProperties settings;
    private final ProviderHttp http;

    ArkVideoProvider(UpstreamProperties settings, ProviderHttp http) {
        this.settings = settings;
        this.http = http;
    }

    @Override
    public String submit(Submission submission) {
        String[] shape = ArkKind.SHAPES.get(submission.size());
        if (shape == null) {
            // Only an operator's own catalogue entry can get here.
            throw ProviderFailure.rejected("Invalid 'size': this model supports: " + String.join(", ", ArkKind.SIZES) + ".", "size",
                    "invalid_value");
        }
        List<ArkWire.Content> content = new ArrayList<>();
        content.add(ArkWire.Content.text(submission.prompt()));
        if (submission.image() != null) {
            content.add(ArkWire.Content.firstFrame(image(submission.image())));
        }
        ArkWire.Create body = new ArkWire.Create(submission.providerModel(), content, shape[0], shape[1],
                submission.secondsAsInt());
        Answer answer = http.exchange(Operation.SUBMIT, rest -> rest.post().uri(TASKS).headers(auth())
                .contentType(MediaType.APPLICATION_JSON).body(body));
        if (!answer.ok()) {
            throw submitFailure(answer);
        }
        ArkWire.Created created = http.json(answer, ArkWire.Created.class, Operation.SUBMIT);
        if (!ProviderFailure.usableId(created.id())) {
            throw ProviderFailure.noUsableId(settings.name(), answer.status());
        }
        return created.id();
    }

    /** A URL as is (https: or data:); an upload as a data: URI; OpenAI file ids mean nothing here. */
    private static String image(Submission.Image image) {
        ReferenceImages.refuseFileId(image);
        return image.url() != null ? image.url() : ReferenceImages.dataUri(image.upload(), MAX_IMAGE_BYTES, "10 MB");
    }

    /**
     * The HTTP status decides as usual (429 rate limit, 401/403/404 the account or model, 5xx maybe
     * created); a code naming sensitive content is the content filter, and other 400s are the request's.
     */
    private ProviderFailure submitFailure(Answer answer) {
        ArkWire.ErrorBody body = http.jsonOrNull(answer, ArkWire.ErrorBody.class);
        ArkWire.Error error = body == null ? null : body.error();
        String code = error == null || error.code() == null ? "" : error.code();
        String message = error == null ? null : error.message();
        String detail = (code.isEmpty() ? "" : code + ": ") + (message == null ? "" : message);
        if (isSensitive(code)) {
            return ProviderFailure.of(Outcome.REJECTED, Reason.MODERATION, settings.name() + ": HTTP " + answer.status()
                    + ": " + detail).status(400).client("Your request was blocked by the video provider's content safety "
                    + "system.", code.contains("Image") ? "input_reference" : "prompt", "moderation_blocked").build();
        }
        ProviderFailure.Builder failure = http.failure(answer, Operation.SUBMIT, detail.isEmpty() ? null : detail);
        if (answer.status() == 400) {
            failure.client("The video provider refused the request: " + (message == null ? "invalid request" : message)
                    + (message != null && message.endsWith(".") ? "" : "."), null, "invalid_request");
        }
        return failure.build();
    }

    /** Ark's content-filter codes: InputTextSensitiveContentDetected, OutputVideoSensitiveContentDetected, … */
    static boolean isSensitive(String code) {
        return code != null && code.contains("SensitiveContent");
    }

    @Override
    public TaskState read(String providerTaskId) {
        Answer answer = http.exchange(Operation.READ, rest -> rest.get().uri(TASKS + "/{id}", providerTaskId).headers(auth()));
        if (!answer.ok()) {
            throw http.failure(answer, Operation.READ, null).build();
        }
        ArkWire.Task task = http.json(answer, ArkWire.Task.class, Operation.READ);
        String status = task.status() == null ? "" : task.status();
        return switch (status) {
            case "queued" -> TaskState.of(VideoStatus.QUEUED, 0, status);
            case "running" -> TaskState.of(VideoStatus.IN_PROGRESS, null, status);
            case "succeeded" -> {
                if (task.content() == null || task.content().videoUrl() == null || task.content().videoUrl().isBlank()) {
                    yield TaskState.failed("generation_failed", "The video provider finished without a video.", status);
                }
                yield TaskState.completed(task.content().videoUrl(), null, status);
            }
            case "failed" -> failed(task.error());
            case "expired" -> TaskState.failed("expired",
                    "The video provider did not finish the video before the task expired.", status);
            case "cancelled" -> TaskState.of(VideoStatus.CANCELLED, null, status);
            default -> {
                log.warn("Upstream {} reports unknown status '{}'; keeping the task in_progress", settings.name(), status);
                yield TaskState.of(VideoStatus.IN_PROGRESS, null, status);
            }
        };
    }

    /** A content-filter code is a moderation block; other failures are shown with Ark's message. */
    static TaskState failed(ArkWire.Error error) {
        String code = error == null ? null : error.code();
        if (isSensitive(code)) {
            return TaskState.failed("moderation_blocked",
                    "The video was blocked by the video provider's content safety system (" + code + ").", "failed");
        }
        String message = error == null || error.message() == null || error.message().isBlank() ? null : error.message();
        return TaskState.failed("generation_failed", message == null ? "The video provider could not generate the video."
                : "The video provider could not generate the video: " + message, "failed");
    }

    @Override
    public Optional<ContentSource> content(String providerTaskId, String variant, String resultUrl) {
        return ContentSource.resultVideo(variant, resultUrl, () -> read(providerTaskId).resultUrl());
    }

    /**
     * Cancels a queued task, deletes a finished one; 404 means it is already gone. Whether a running
     * task can be cancelled is not documented: a refusal (400/409) is logged and the task left to expire.
     */
    @Override
    public void delete(String providerTaskId) {
        Answer answer = http.exchange(Operation.DELETE, rest -> rest.delete().uri(TASKS + "/{id}", providerTaskId)
                .headers(auth()));
        if (answer.ok() || answer.status() == 404) {
            return;
        }
        if (answer.status() == 400 || answer.status() == 409) {
            ArkWire.ErrorBody body = http.jsonOrNull(answer, ArkWire.ErrorBody.class);
            log.warn("Upstream {} would not cancel or delete task {} (HTTP {}{}); Ark drops task records after 7 days",
                    settings.name(), providerTaskId, answer.status(),
                    body == null || body.error() == null ? "" : ", " + body.error().code());
            return;
        }
        throw http.failure(answer, Operation.DELETE, null).build();
    }

    @Override
    public Duration typicalGeneration() {
        return Duration.ofSeconds(90);
    }

    private Consumer<HttpHeaders> auth() {
        return headers -> {
            headers.setBearerAuth(settings.apiKey());
            headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        };
    }

}
