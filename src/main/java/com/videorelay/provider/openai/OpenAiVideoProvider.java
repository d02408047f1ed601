package com.videorelay.provider.openai;

import com.videorelay.provider.ContentSource;
import com.videorelay.provider.ProviderFailure;
import com.videorelay.provider.ProviderHttp;
import com.videorelay.provider.ProviderHttp.Answer;
import com.videorelay.provider.ProviderHttp.Operation;
import com.videorelay.provider.Submission;
import com.videorelay.provider.TaskState;
import com.videorelay.provider.UpstreamProperties;
import com.videorelay.provider.VideoProvider;
import com.videorelay.task.VideoStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * OpenAI's own Videos API shape, spoken by three kinds: {@code openai} (any OpenAI-compatible
 * service, {@code Authorization: Bearer}), {@code azure} (Azure OpenAI v1, {@code api-key} header,
 * model = deployment) and {@code simulator} (the built-in fake provider). There is no idempotency key,
 * so an ambiguous create cannot be reconciled.
 */
final class OpenAiVideoProvider implements VideoProvider {

    private static final Logger log = LoggerFactory.getLogger(OpenAiVideoProvider.class);

    private final UpstreamProperties settings;
    private final ProviderHttp http;
    private final boolean azure;

    OpenAiVideoProvider(UpstreamProperties settings, ProviderHttp http, boolean azure) {
        this.settings = settings;
        this.http = http;
        this.azure = azure;
    }

    @Override
    public String submit(Submission submission) {
        Submission.Image image = submission.image();
        if (image != null && image.upload() != null) {
            InputStream upload = open(image.upload());
            try {
                MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
                form.add("model", submission.providerModel());
                form.add("prompt", submission.prompt());
                form.add("seconds", submission.seconds());
                form.add("size", submission.size());
                form.add("input_reference", ProviderHttp.filePart("input_reference", image.upload(), upload));
                return created(http.exchange(Operation.SUBMIT, rest -> rest.post().uri("/videos")
                        .contentType(MediaType.MULTIPART_FORM_DATA).body(form).headers(auth())));
            } finally {
                closeQuietly(upload); // also when the call failed before the upload was sent
            }
        }
        OpenAiWire.Reference reference = image == null ? null : new OpenAiWire.Reference(image.url(), image.fileId());
        OpenAiWire.CreateRequest body = new OpenAiWire.CreateRequest(submission.providerModel(), submission.prompt(),
                submission.seconds(), submission.size(), reference);
        return created(http.exchange(Operation.SUBMIT, rest -> rest.post().uri("/videos")
                .contentType(MediaType.APPLICATION_JSON).body(body).headers(auth())));
    }

    @Override
    public boolean canRemix() {
        return true;
    }

    @Override
    public String remix(String sourceProviderTaskId, Submission submission) {
        return created(http.exchange(Operation.SUBMIT, rest -> rest.post()
                .uri("/videos/{id}/remix", sourceProviderTaskId)
                .contentType(MediaType.APPLICATION_JSON).body(new OpenAiWire.RemixRequest(submission.prompt())).headers(auth())));
    }

    private String created(Answer answer) {
        if (!answer.ok()) {
            throw failure(answer, Operation.SUBMIT);
        }
        OpenAiWire.Video video = http.json(answer, OpenAiWire.Video.class, Operation.SUBMIT);
        if (!ProviderFailure.usableId(video.id())) {
            throw ProviderFailure.noUsableId(settings.name(), answer.status());
        }
        return video.id();
    }

    @Override
    public TaskState read(String providerTaskId) {
        Answer answer = http.exchange(Operation.READ, rest -> rest.get().uri("/videos/{id}", providerTaskId).headers(auth()));
        if (!answer.ok()) {
            throw failure(answer, Operation.READ);
        }
        OpenAiWire.Video video = http.json(answer, OpenAiWire.Video.class, Operation.READ);
        VideoStatus status = VideoStatus.fromUpstream(video.status()).orElseGet(() -> {
            log.warn("Upstream {} reports unknown status '{}'; keeping the task in_progress", settings.name(), video.status());
            return VideoStatus.IN_PROGRESS;
        });
        Integer progress = video.progress() == null ? null : Math.clamp(video.progress(), 0, 100);
        String errorCode = null;
        String errorMessage = null;
        if (status == VideoStatus.FAILED && video.error() != null) {
            errorCode = video.error().code();
            errorMessage = video.error().message();
        }
        return new TaskState(status, progress, status.isTerminal() ? video.completedAt() : null,
                status == VideoStatus.COMPLETED ? video.expiresAt() : null, errorCode, errorMessage,
                pollAfter(answer.header("openai-poll-after-ms")), null, video.status());
    }

    @Override
    public Optional<ContentSource> content(String providerTaskId, String variant, String resultUrl) {
        URI base = http.baseUrl();
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        URI url = URI.create(root + "videos/" + URLEncoder.encode(providerTaskId, StandardCharsets.UTF_8)
                + "/content?variant=" + URLEncoder.encode(variant, StandardCharsets.UTF_8));
        return Optional.of(new ContentSource(url, credential(), false));
    }

    @Override
    public void delete(String providerTaskId) {
        Answer answer = http.exchange(Operation.DELETE, rest -> rest.delete().uri("/videos/{id}", providerTaskId).headers(auth()));
        if (!answer.ok() && answer.status() != 404) {
            throw failure(answer, Operation.DELETE);
        }
    }

    private ProviderFailure failure(Answer answer, Operation operation) {
        OpenAiWire.ErrorEnvelope envelope = http.jsonOrNull(answer, OpenAiWire.ErrorEnvelope.class);
        OpenAiWire.Error error = envelope == null ? null : envelope.error();
        ProviderFailure.Builder failure = http.failure(answer, operation, error == null ? null : error.message());
        if (error != null) {
            failure.client(error.message(), error.param(), error.code());
        }
        return failure.build();
    }

    /** The credential and Accept header, for every API call. */
    private java.util.function.Consumer<HttpHeaders> auth() {
        return headers -> {
            credential().forEach(headers::set);
            headers.set(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
        };
    }

    private Map<String, String> credential() {
        return azure ? Map.of("api-key", settings.apiKey())
                : Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + (settings.apiKey() == null ? "simulator" : settings.apiKey()));
    }

    private static InputStream open(Submission.Upload upload) {
        try {
            return upload.opener().open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // A temporary file of this request: nothing left to do with it.
        }
    }

    private static Long pollAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long millis = Long.parseLong(header.trim());
            return millis >= 0 ? millis : null;
        } catch (NumberFormatException ignored) {
            return null;
        }
    }
}
