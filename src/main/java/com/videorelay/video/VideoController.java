package com.videorelay.video;

import com.videorelay.apikey.ApiKeyPrincipal;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/videos")
class VideoController {

    private final VideoService videos;

    VideoController(VideoService videos) {
        this.videos = videos;
    }

    /** The status poll. JSON whatever the Accept header says, as OpenAI does. */
    @GetMapping("/{video_id}")
    ResponseEntity<VideoResource> retrieve(@PathVariable("video_id") String videoId,
                                           @AuthenticationPrincipal ApiKeyPrincipal caller) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(videos.retrieve(caller.projectId(), videoId));
    }

    /**
     * {@code /v1/videos/} is a retrieve with an empty id: the same 404 as any unknown video. Deeper
     * paths ({@code /v1/videos/a/b}) are other URLs, answered {@code unknown_url} until they exist.
     */
    @GetMapping("/")
    ResponseEntity<VideoResource> retrieveEmptyId() {
        throw VideoService.notFound();
    }
}
