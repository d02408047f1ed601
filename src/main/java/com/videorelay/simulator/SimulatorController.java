package com.videorelay.simulator;

import com.videorelay.auth.BearerToken;
import com.videorelay.web.ApiException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * A video provider that speaks OpenAI's Videos API over real HTTP, so the relay path runs exactly as
 * with a real one: jobs go queued → in_progress → completed over {@code videorelay.simulator.duration};
 * a prompt containing the failure marker ({@code [fail]} by default) fails halfway; content is a small
 * real MP4, a WebP thumbnail and a JPEG spritesheet, with Range support. Any bearer token is accepted.
 */
@RestController
@RequestMapping("/simulator/v1/videos")
@ConditionalOnProperty(name = "videorelay.simulator.enabled", havingValue = "true")
class SimulatorController {

    private static final Map<String, Asset> ASSETS = Map.of(
            "video", new Asset("simulator/video.mp4", MediaType.parseMediaType("video/mp4")),
            "thumbnail", new Asset("simulator/thumbnail.webp", MediaType.parseMediaType("image/webp")),
            "spritesheet", new Asset("simulator/spritesheet.jpg", MediaType.IMAGE_JPEG));

    private final SimulatorProperties settings;
    private final Clock clock = Clock.systemUTC();

    SimulatorController(SimulatorProperties settings) {
        this.settings = settings;
    }

    record Asset(String path, MediaType type) {
    }

    record CreateBody(String model, String prompt, String seconds, String size) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> create(@RequestHeader(name = "Authorization", required = false) String authorization,
                               @RequestBody CreateBody body) {
        return start(authorization, body.model(), body.prompt(), body.seconds(), body.size(), null);
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Map<String, Object> createMultipart(@RequestHeader(name = "Authorization", required = false) String authorization,
                                        MultipartHttpServletRequest form) {
        return start(authorization, form.getParameter("model"), form.getParameter("prompt"),
                form.getParameter("seconds"), form.getParameter("size"), null);
    }

    @GetMapping("/{id}")
    Map<String, Object> retrieve(@RequestHeader(name = "Authorization", required = false) String authorization,
                                 @PathVariable String id) {
        authorize(authorization);
        return describe(id, job(id), null);
    }

    @DeleteMapping("/{id}")
    Map<String, Object> delete(@RequestHeader(name = "Authorization", required = false) String authorization,
                               @PathVariable String id) {
        authorize(authorization);
        job(id);
        Map<String, Object> deleted = new LinkedHashMap<>();
        deleted.put("id", id);
        deleted.put("object", "video.deleted");
        deleted.put("deleted", true);
        return deleted;
    }

    @PostMapping(path = "/{id}/remix", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> remix(@RequestHeader(name = "Authorization", required = false) String authorization,
                              @PathVariable String id, @RequestBody CreateBody body) {
        SimulatedVideo source = job(id);
        if (!source.statusAt(clock.millis()).equals("completed")) {
            authorize(authorization);
            throw ApiException.invalidRequest("Only completed videos can be remixed.", null, "invalid_video_status");
        }
        return start(authorization, source.model(), body.prompt(), source.seconds(), source.size(), id);
    }

    /** The asset; Spring MVC answers a Range header with 206 and Content-Range for a Resource body. */
    @GetMapping("/{id}/content")
    ResponseEntity<Resource> content(@RequestHeader(name = "Authorization", required = false) String authorization,
                                     @PathVariable String id,
                                     @RequestParam(defaultValue = "video") String variant) {
        authorize(authorization);
        SimulatedVideo job = job(id);
        Asset asset = ASSETS.get(variant);
        if (asset == null) {
            throw ApiException.invalidRequest("Invalid value for 'variant'.", "variant", "invalid_value");
        }
        if (!job.statusAt(clock.millis()).equals("completed")) {
            throw ApiException.notFound("Video is not completed.", "video_not_ready");
        }
        return ResponseEntity.ok().contentType(asset.type()).body(new ClassPathResource(asset.path()));
    }

    private Map<String, Object> start(String authorization, String model, String prompt, String seconds, String size,
                                      String remixedFrom) {
        authorize(authorization);
        if (prompt == null || prompt.isBlank()) {
            throw ApiException.invalidRequest("Missing required parameter: 'prompt'.", "prompt",
                    "missing_required_parameter");
        }
        SimulatedVideo job = new SimulatedVideo(clock.millis(), settings.duration().toMillis(),
                prompt.contains(settings.failureMarker()), model == null ? "sora-2" : model,
                seconds == null ? "4" : seconds, size == null ? "720x1280" : size);
        return describe(job.id(), job, remixedFrom);
    }

    /** OpenAI's Video object for the job as of now. */
    private Map<String, Object> describe(String id, SimulatedVideo job, String remixedFrom) {
        long now = clock.millis();
        String status = job.statusAt(now);
        boolean done = status.equals("completed") || status.equals("failed");
        Map<String, Object> video = new LinkedHashMap<>();
        video.put("id", id);
        video.put("object", "video");
        video.put("model", job.model());
        video.put("status", status);
        video.put("progress", job.progressAt(now));
        video.put("created_at", job.createdMillis() / 1000);
        video.put("completed_at", done ? job.finishedMillis() / 1000 : null);
        video.put("expires_at", status.equals("completed")
                ? (job.finishedMillis() + settings.retention().toMillis()) / 1000 : null);
        video.put("prompt", null);
        video.put("seconds", job.seconds());
        video.put("size", job.size());
        video.put("remixed_from_video_id", remixedFrom);
        video.put("error", status.equals("failed") ? Map.of("code", "simulated_failure",
                "message", "The prompt asked the simulator to fail (it contains " + settings.failureMarker() + ").")
                : null);
        return video;
    }

    private static SimulatedVideo job(String id) {
        return SimulatedVideo.fromId(id).orElseThrow(() -> ApiException.notFound("Video not found", "video_not_found"));
    }

    private static void authorize(String authorization) {
        if (BearerToken.from(authorization) == null) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, ApiException.INVALID_REQUEST,
                    "You didn't provide an API key.", null, null);
        }
    }
}
