package com.videorelay.provider.gemini;

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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Gemini Omni over the Interactions API: {@code POST /v1beta/interactions} with {@code background:
 * true} and a video {@code response_format}, then {@code GET /v1beta/interactions/{id}}; the video is
 * a {@code model_output} step's content. Omni is the one provider with a natural remix: a new
 * interaction that continues the source ({@code previous_interaction_id}) with the new prompt.
 */
final class GeminiVideoProvider implements VideoProvider {

    private static final Logger log = LoggerFactory.getLogger(GeminiVideoProvider.class);
    /** Pins the nested steps[] envelope of the Interactions API. */
    static final String API_REVISION = "2026-05-20";
    private static final Set<String> SAFETY = Set.of("SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY");

    private final UpstreamProperties settings;
    private final ProviderHttp http;

    GeminiVideoProvider(UpstreamProperties settings, ProviderHttp http) {
        this.settings = settings;
        this.http = http;
    }

    @Override
    public String submit(Submission submission) {
        return create(submission, null);
    }

    @Override
    public boolean canRemix() {
        return true;
    }

    @Override
    public String remix(String sourceProviderTaskId, Submission submission) {
        return create(submission, sourceProviderTaskId);
    }

    private String create(Submission submission, String previous) {
        Object input = submission.image() == null ? submission.prompt()
                : List.of(image(submission.image()), new GeminiWire.Part("text", submission.prompt(), null, null, null));
        GeminiWire.Create body = new GeminiWire.Create(submission.providerModel(), input, true,
                format(submission), previous);
        Answer answer = http.exchange(Operation.SUBMIT, rest -> rest.post().uri("/v1beta/interactions").headers(auth())
                .contentType(MediaType.APPLICATION_JSON).body(body));
        if (!answer.ok()) {
            throw submitFailure(answer);
        }
        GeminiWire.Interaction created = http.json(answer, GeminiWire.Interaction.class, Operation.SUBMIT);
        if (!ProviderFailure.usableId(created.id())) {
            throw ProviderFailure.noUsableId(settings.name(), answer.status());
        }
        return created.id();
    }

    /** size → aspect_ratio and resolution (the shorter side: 360p, 720p, 1080p, 4k); seconds → a Duration string. */
    static GeminiWire.ResponseFormat format(Submission submission) {
        int[] size = submission.dimensions();
        int shorter = Math.min(size[0], size[1]);
        String resolution = shorter >= 2160 ? "4k" : shorter + "p";
        return new GeminiWire.ResponseFormat("video", "uri", size[0] > size[1] ? "16:9" : "9:16", resolution,
                submission.seconds() + "s");
    }

    private static GeminiWire.Part image(Submission.Image image) {
        if (image.fileId() != null || (image.url() != null && !image.url().startsWith("data:"))) {
            throw ProviderFailure.rejected("Invalid 'input_reference': this model takes an uploaded image or a data: URL.",
                    "input_reference", "invalid_value");
        }
        if (image.url() != null) {
            int comma = image.url().indexOf(',');
            String type = image.url().substring(5, Math.max(5, image.url().indexOf(';'))).trim();
            return new GeminiWire.Part("image", null, image.url().substring(comma + 1), type.isEmpty() ? "image/png" : type, null);
        }
        return new GeminiWire.Part("image", null, ReferenceImages.base64(image.upload(), 20L * 1024 * 1024, "20 MB"),
                ReferenceImages.mediaType(image.upload()), null);
    }

    private ProviderFailure submitFailure(Answer answer) {
        GeminiWire.ErrorBody error = errorOf(answer);
        String code = error == null || error.code() == null ? "" : error.code().toString().toUpperCase(Locale.ROOT);
        String status = error == null || error.status() == null ? "" : error.status().toUpperCase(Locale.ROOT);
        String message = error == null ? null : error.message();
        if (answer.status() == 400 && (SAFETY.contains(code) || SAFETY.contains(status))) {
            return ProviderFailure.of(Outcome.REJECTED, Reason.MODERATION, settings.name() + ": " + code + status)
                    .status(400).client("Your request was blocked by the video provider's safety system.", "prompt",
                            "moderation_blocked").build();
        }
        ProviderFailure.Builder failure = http.failure(answer, Operation.SUBMIT, message);
        if (answer.status() == 400) {
            failure.client("The video provider refused the request: " + (message == null ? "invalid request" : message),
                    null, "invalid_request");
        }
        return failure.build();
    }

    /** The Interactions error object, or the Google front end's one-element array of it. */
    private GeminiWire.ErrorBody errorOf(Answer answer) {
        GeminiWire.ErrorEnvelope envelope = http.jsonOrNull(answer, GeminiWire.ErrorEnvelope.class);
        if (envelope == null) {
            GeminiWire.ErrorEnvelope[] array = http.jsonOrNull(answer, GeminiWire.ErrorEnvelope[].class);
            envelope = array == null || array.length == 0 ? null : array[0];
        }
        return envelope == null ? null : envelope.error();
    }

    @Override
    public TaskState read(String providerTaskId) {
        Answer answer = http.exchange(Operation.READ, rest -> rest.get().uri("/v1beta/interactions/{id}", providerTaskId)
                .headers(auth()));
        if (answer.status() == 400 && errorOf(answer) != null && String.valueOf(errorOf(answer).message())
                .contains("Invalid interaction name")) {
            // An unknown interaction is a 400 here, not a 404.
            throw ProviderFailure.of(Outcome.GONE, Reason.NOT_FOUND, settings.name() + ": unknown interaction").status(400).build();
        }
        if (!answer.ok()) {
            throw http.failure(answer, Operation.READ, null).build();
        }
        GeminiWire.Interaction interaction = http.json(answer, GeminiWire.Interaction.class, Operation.READ);
        String status = interaction.status() == null ? "" : interaction.status();
        return switch (status) {
            case "queued" -> TaskState.of(VideoStatus.QUEUED, 0, status);
            case "in_progress" -> TaskState.of(VideoStatus.IN_PROGRESS, null, status);
            case "completed" -> videoUri(interaction).map(uri -> TaskState.completed(uri, null, status))
                    // "A safety refusal is completed with a text-only model_output": never a completed task without a video.
                    .orElseGet(() -> TaskState.failed("moderation_blocked",
                            "The video provider declined to generate this video.", status));
            case "cancelled" -> TaskState.of(VideoStatus.CANCELLED, null, status);
            case "failed", "incomplete", "requires_action" -> TaskState.failed("generation_failed",
                    "The video provider could not generate the video (" + status + ").", status);
            case "budget_exceeded" -> TaskState.failed("generation_failed",
                    "The video provider stopped: its budget for this request was exceeded.", status);
            default -> {
                log.warn("Upstream {} reports unknown status '{}'; keeping the task in_progress", settings.name(), status);
                yield TaskState.of(VideoStatus.IN_PROGRESS, null, status);
            }
        };
    }

    private static Optional<String> videoUri(GeminiWire.Interaction interaction) {
        if (interaction.steps() == null) {
            return Optional.empty();
        }
        return interaction.steps().stream()
                .filter(step -> "model_output".equals(step.type()) && step.content() != null)
                .flatMap(step -> step.content().stream())
                .filter(content -> "video".equals(content.type()) && content.uri() != null)
                .map(GeminiWire.Content::uri).findFirst();
    }

    /** The video URI with the API key; alt=media is added when missing. */
    @Override
    public Optional<ContentSource> content(String providerTaskId, String variant, String resultUrl) {
        return ContentSource.resultVideoUrl(variant, resultUrl, () -> read(providerTaskId).resultUrl()).map(url -> {
            String media = url.contains("alt=media") ? url : url + (url.contains("?") ? "&" : "?") + "alt=media";
            return new ContentSource(URI.create(media), Map.of("x-goog-api-key", settings.apiKey()), true);
        });
    }

    /** Cancels a running interaction; a finished one has nothing to cancel. */
    @Override
    public void delete(String providerTaskId) {
        Answer answer = http.exchange(Operation.DELETE, rest -> rest.post().uri("/v1beta/interactions/{id}/cancel", providerTaskId)
                .headers(auth()));
        if (!answer.ok() && answer.status() != 400 && answer.status() != 404 && answer.status() != 409) {
            throw http.failure(answer, Operation.DELETE, null).build();
        }
    }

    @Override
    public Duration typicalGeneration() {
        return Duration.ofSeconds(30);
    }

    private Consumer<HttpHeaders> auth() {
        return headers -> {
            headers.set("x-goog-api-key", settings.apiKey());
            headers.set("Api-Revision", API_REVISION);
            headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        };
    }

}
