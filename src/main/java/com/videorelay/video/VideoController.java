package com.videorelay.video;

import com.videorelay.auth.ApiKeyPrincipal;
import com.videorelay.ops.RequestIds;
import com.videorelay.provider.ProviderHttp;
import com.videorelay.provider.Submission;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * OpenAI's Videos API. JSON whatever the Accept header says, as OpenAI does; content downloads are
 * written straight to the response as they stream in.
 */
@RestController
@RequestMapping("/v1/videos")
class VideoController {

    static final String POLL_AFTER_HEADER = "openai-poll-after-ms";

    private final VideoService videos;
    private final VideoCreationService creations;
    private final VideoContentService contents;

    VideoController(VideoService videos, VideoCreationService creations, VideoContentService contents) {
        this.videos = videos;
        this.creations = creations;
        this.contents = contents;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<VideoResource> create(@RequestBody CreateVideoRequest request,
                                         @AuthenticationPrincipal ApiKeyPrincipal caller) {
        return polled(creations.create(caller.projectId(), withoutUpload(request)));
    }

    /** Multipart, as the SDKs send it when there is a file: {@code input_reference} is the upload. */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<VideoResource> createMultipart(MultipartHttpServletRequest form,
                                                  @AuthenticationPrincipal ApiKeyPrincipal caller) {
        return polled(creations.create(caller.projectId(), MultipartForms.createRequest(form)));
    }

    @GetMapping
    ResponseEntity<VideoList> list(@RequestParam(required = false) String after,
                                   @RequestParam(required = false) Integer limit,
                                   @RequestParam(required = false) String order,
                                   @AuthenticationPrincipal ApiKeyPrincipal caller) {
        return json(videos.list(caller.projectId(), after, limit, order));
    }

    /** The status poll. */
    @GetMapping("/{video_id}")
    ResponseEntity<byte[]> retrieve(@PathVariable("video_id") String videoId,
                                    @AuthenticationPrincipal ApiKeyPrincipal caller) {
        VideoService.PollAnswer answer = videos.poll(caller.projectId(), videoId);
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
        if (answer.pollAfterMs() != null) {
            ok.header(POLL_AFTER_HEADER, Long.toString(answer.pollAfterMs()));
        }
        return ok.body(answer.json()); // JSON written once per change of the task (PollCache)
    }

    @DeleteMapping("/{video_id}")
    ResponseEntity<DeletedVideo> delete(@PathVariable("video_id") String videoId,
                                        @AuthenticationPrincipal ApiKeyPrincipal caller) {
        return json(videos.delete(caller.projectId(), videoId));
    }

    @PostMapping(path = "/{video_id}/remix", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<VideoResource> remix(@PathVariable("video_id") String videoId,
                                        @RequestBody RemixVideoRequest request,
                                        @AuthenticationPrincipal ApiKeyPrincipal caller) {
        return polled(creations.remix(caller.projectId(), videoId, request));
    }

    @PostMapping(path = "/{video_id}/remix", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<VideoResource> remixMultipart(@PathVariable("video_id") String videoId,
                                                 MultipartHttpServletRequest form,
                                                 @AuthenticationPrincipal ApiKeyPrincipal caller) {
        return polled(creations.remix(caller.projectId(), videoId, new RemixVideoRequest(form.getParameter("prompt"))));
    }

    /**
     * The asset's bytes as the upstream sends them, with its type, length and range headers; a
     * {@code Range} request is passed on and answered 206 by the upstream. Any Accept is fine
     * ({@code application/binary} included): nothing here is negotiated.
     */
    @GetMapping("/{video_id}/content")
    void content(@PathVariable("video_id") String videoId,
                 @RequestParam(required = false) String variant,
                 @RequestHeader(name = HttpHeaders.RANGE, required = false) String range,
                 @RequestHeader(name = HttpHeaders.IF_RANGE, required = false) String ifRange,
                 @AuthenticationPrincipal ApiKeyPrincipal caller,
                 HttpServletResponse response) {
        try {
            contents.stream(caller.projectId(), videoId, variant, range, ifRange,
                    (status, headers, body) -> copy(status, headers, body, response));
        } catch (ProviderHttp.ClientGone gone) {
            // The client hung up mid-download; the upstream connection was dropped. Nothing to answer.
        } catch (RuntimeException failed) {
            if (!response.isCommitted()) {
                // Nothing reached the client yet: drop the asset's headers so the error goes out as JSON.
                String requestId = response.getHeader(RequestIds.HEADER);
                response.reset();
                response.setHeader(RequestIds.HEADER, requestId);
            }
            throw failed;
        }
    }

    /** {@code /v1/videos/} is a retrieve with an empty id: the same 404 as any unknown video. */
    @GetMapping("/")
    ResponseEntity<VideoResource> retrieveEmptyId() {
        throw VideoService.notFound();
    }

    private static void copy(int status, Map<String, String> headers, InputStream body, HttpServletResponse response)
            throws IOException {
        response.setStatus(status);
        headers.forEach(response::setHeader);
        byte[] buffer = new byte[64 * 1024];
        OutputStream out;
        try {
            out = response.getOutputStream();
        } catch (IOException e) {
            throw new ProviderHttp.ClientGone(e);
        }
        int read;
        while ((read = body.read(buffer)) != -1) { // an upstream stall ends here, after its idle timeout
            try {
                out.write(buffer, 0, read);
            } catch (IOException e) {
                throw new ProviderHttp.ClientGone(e);
            }
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new ProviderHttp.ClientGone(e);
        }
    }

    private static CreateVideoRequest withoutUpload(CreateVideoRequest request) {
        return new CreateVideoRequest(request.model(), request.prompt(), request.seconds(), request.size(),
                request.inputReference(), null);
    }

    private static ResponseEntity<VideoResource> polled(PolledVideo task) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
        if (task.pollAfterMs() != null) {
            answer.header(POLL_AFTER_HEADER, Long.toString(task.pollAfterMs()));
        }
        return answer.body(task.video());
    }

    private static <T> ResponseEntity<T> json(T body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** Reads OpenAI's multipart forms; {@code input_reference} is a file or an object in bracket notation. */
    static final class MultipartForms {

        private MultipartForms() {
        }

        static CreateVideoRequest createRequest(MultipartHttpServletRequest form) {
            MultipartFile file = form.getFile("input_reference");
            Submission.Upload upload = file == null || file.isEmpty() ? null
                    : new Submission.Upload(file.getOriginalFilename(), file.getContentType(), file.getSize(),
                    file::getInputStream);
            String imageUrl = first(form, "input_reference[image_url]", "image_url");
            String fileId = first(form, "input_reference[file_id]", "file_id");
            String referenceText = form.getParameter("input_reference");
            if (referenceText != null && imageUrl == null && fileId == null) {
                // A bare string: a URL (or data: URL) of the reference image.
                imageUrl = referenceText;
            }
            CreateVideoRequest.ImageReference reference = imageUrl == null && fileId == null ? null
                    : new CreateVideoRequest.ImageReference(imageUrl, fileId);
            return new CreateVideoRequest(form.getParameter("model"), form.getParameter("prompt"),
                    form.getParameter("seconds"), form.getParameter("size"), reference, upload);
        }

        private static String first(HttpServletRequest form, String... names) {
            for (String name : names) {
                String value = form.getParameter(name);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }
    }
}
