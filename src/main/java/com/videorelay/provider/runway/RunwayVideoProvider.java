package com.videorelay.provider.runway;

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
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Runway: {@code POST /v1/text_to_video} or {@code /v1/image_to_video}, then {@code GET /v1/tasks/{id}}.
 * The finished video is a signed CloudFront URL that expires within 24–48 hours; reading the task
 * again gives a fresh one. Runway has no client-chosen id, so an ambiguous create cannot be reconciled.
 */
final class RunwayVideoProvider implements VideoProvider {

    private static final Logger log = LoggerFactory.getLogger(RunwayVideoProvider.class);
    /** promptImage data URIs are limited to 5 MB (Runway's "Inputs" guide). */
    static final long MAX_DATA_URI_CHARS = 5L * 1024 * 1024;
    /** promptText limit for gen4.5 and Veo models, in UTF-16 units. */
    static final int MAX_PROMPT = 1000;

    private final UpstreamProperties settings;
    private final ProviderHttp http;

    RunwayVideoProvider(UpstreamProperties settings, ProviderHttp http) {
        this.settings = settings;
        this.http = http;
    }

    @Override
    public String submit(Submission submission) {
        if (submission.prompt().length() > MAX_PROMPT) {
            throw ProviderFailure.rejected("Invalid 'prompt': string too long. Runway accepts at most " + MAX_PROMPT
                    + " characters, but got " + submission.prompt().length() + ".", "prompt", "string_above_max_length");
        }
        String ratio = submission.size().replace('x', ':');
        Object body = submission.image() == null
                ? new RunwayWire.TextToVideo(submission.providerModel(), submission.prompt(), ratio, submission.secondsAsInt())
                : new RunwayWire.ImageToVideo(submission.providerModel(), promptImage(submission.image()),
                submission.prompt(), ratio, submission.secondsAsInt());
        String path = submission.image() == null ? "/v1/text_to_video" : "/v1/image_to_video";
        Answer answer = http.exchange(Operation.SUBMIT, rest -> rest.post().uri(path).headers(auth())
                .contentType(MediaType.APPLICATION_JSON).body(body));
        if (!answer.ok()) {
            throw submitFailure(answer);
        }
        RunwayWire.Created created = http.json(answer, RunwayWire.Created.class, Operation.SUBMIT);
        if (!ProviderFailure.usableId(created.id())) {
            throw ProviderFailure.noUsableId(settings.name(), answer.status());
        }
        return created.id();
    }

    /** An upload becomes a data URI (up to Runway's limit); a URL passes as is; OpenAI file ids mean nothing here. */
    private static String promptImage(Submission.Image image) {
        ReferenceImages.refuseFileId(image);
        if (image.url() != null) {
            if (!image.url().startsWith("https://") && !image.url().startsWith("data:image/")) {
                throw ProviderFailure.rejected("Invalid 'input_reference.image_url': this model needs an https: or "
                        + "data:image/ URL.", "input_reference", "invalid_value");
            }
            return image.url();
        }
        // The limit is on the data URI: base64 makes 3 bytes 4 characters, after a short prefix.
        long maxBytes = (MAX_DATA_URI_CHARS - "data:image/;base64,".length() - 32) / 4 * 3;
        return ReferenceImages.dataUri(image.upload(), maxBytes, "about 3.75 MB");
    }

    private ProviderFailure submitFailure(Answer answer) {
        RunwayWire.Error error = http.jsonOrNull(answer, RunwayWire.Error.class);
        String message = error == null ? null : error.error();
        int status = answer.status();
        if (status == 400 && message != null && message.toLowerCase(Locale.ROOT).contains("credits")) {
            // The operator's account is out of credits: not the client's fault, and another upstream may have some.
            return ProviderFailure.of(Outcome.NOT_CREATED, Reason.MISCONFIGURED, settings.name() + ": " + message)
                    .status(status).build();
        }
        ProviderFailure.Builder failure = switch (status) {
            // Runway: 502 and 503 shed load before the task is created; 504 and 500 may come after.
            case 502, 503 -> ProviderFailure.of(Outcome.NOT_CREATED, Reason.SERVER_ERROR, settings.name() + ": HTTP " + status);
            default -> http.failure(answer, Operation.SUBMIT, message);
        };
        if (status == 400 || status == 422) {
            String detail = error != null && error.issues() != null && !error.issues().isEmpty()
                    ? error.issues().getFirst().message() : null;
            failure.client("The video provider refused the request: " + (message == null ? "invalid request" : message)
                    + (detail == null ? "." : " (" + detail + ")."), null, "invalid_request");
        }
        return failure.build();
    }

    @Override
    public TaskState read(String providerTaskId) {
        Answer answer = http.exchange(Operation.READ, rest -> rest.get().uri("/v1/tasks/{id}", providerTaskId).headers(auth()));
        if (!answer.ok()) {
            throw http.failure(answer, Operation.READ, null).build();
        }
        RunwayWire.Task task = http.json(answer, RunwayWire.Task.class, Operation.READ);
        String status = task.status() == null ? "" : task.status();
        return switch (status) {
            case "PENDING", "THROTTLED" -> TaskState.of(VideoStatus.QUEUED, 0, status);
            case "RUNNING" -> TaskState.of(VideoStatus.IN_PROGRESS,
                    task.progress() == null ? null : (int) Math.clamp(Math.round(task.progress() * 100), 1, 99), status);
            case "SUCCEEDED" -> {
                if (task.output() == null || task.output().isEmpty()) {
                    yield TaskState.failed("generation_failed", "The video provider finished without a video.", status);
                }
                yield TaskState.completed(task.output().getFirst(), null, status);
            }
            case "FAILED" -> failed(task.failureCode());
            case "CANCELLED" -> TaskState.of(VideoStatus.CANCELLED, null, status);
            default -> {
                log.warn("Upstream {} reports unknown status '{}'; keeping the task in_progress", settings.name(), status);
                yield TaskState.of(VideoStatus.IN_PROGRESS, null, status);
            }
        };
    }

    /**
     * Runway's failure codes, dot-separated from general to specific. Its {@code failure} text is not
     * meant for end users (Runway's guidance), so clients get a sentence of ours and the code.
     */
    static TaskState failed(String failureCode) {
        String code = failureCode == null ? "" : failureCode;
        if (code.startsWith("SAFETY.") || code.startsWith("INPUT_PREPROCESSING.SAFETY")) {
            return TaskState.failed("moderation_blocked",
                    "The video was blocked by the video provider's content moderation (" + code + ").", "FAILED");
        }
        if (code.startsWith("ASSET.INVALID")) {
            return TaskState.failed("invalid_input_reference",
                    "The video provider could not use the reference image (" + code + ").", "FAILED");
        }
        return TaskState.failed("generation_failed", "The video provider could not generate the video"
                + (code.isEmpty() ? "." : " (" + code + ")."), "FAILED");
    }

    @Override
    public Optional<ContentSource> content(String providerTaskId, String variant, String resultUrl) {
        return ContentSource.resultVideo(variant, resultUrl, () -> read(providerTaskId).resultUrl());
    }

    /** Cancels a running task, deletes a finished one (204); 404 means it is already gone. */
    @Override
    public void delete(String providerTaskId) {
        Answer answer = http.exchange(Operation.DELETE, rest -> rest.delete().uri("/v1/tasks/{id}", providerTaskId).headers(auth()));
        if (!answer.ok() && answer.status() != 404) {
            throw http.failure(answer, Operation.DELETE, null).build();
        }
    }

    @Override
    public Duration typicalGeneration() {
        return Duration.ofSeconds(60);
    }

    private Consumer<HttpHeaders> auth() {
        return headers -> {
            headers.setBearerAuth(settings.apiKey());
            headers.set("X-Runway-Version", settings.apiVersion());
            headers.setAccept(java.util.List.of(MediaType.APPLICATION_JSON));
        };
    }

}
