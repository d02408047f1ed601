package com.videorelay.video;

import com.videorelay.error.ApiException;
import com.videorelay.upstream.Upstream;
import com.videorelay.upstream.UpstreamErrors;
import com.videorelay.upstream.UpstreamFailure;
import com.videorelay.upstream.UpstreamRegistry;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Downloads: checks the task here, then streams the asset from its upstream straight to the client
 * (see {@link Upstream#download}); the gateway never holds a whole video in memory.
 */
@Service
class VideoContentService {

    static final Set<String> VARIANTS = Set.of("video", "thumbnail", "spritesheet");

    private final VideoTaskRepository tasks;
    private final UpstreamRegistry upstreams;

    VideoContentService(VideoTaskRepository tasks, UpstreamRegistry upstreams) {
        this.tasks = tasks;
        this.upstreams = upstreams;
    }

    void stream(long projectId, String videoId, String variant, String range, String ifRange,
                Upstream.ContentSink sink) {
        String asset = variant == null ? "video" : variant;
        if (!VARIANTS.contains(asset)) {
            throw ApiException.invalidRequest("Invalid value for 'variant': '" + asset
                    + "'. Supported values are: video, thumbnail, spritesheet.", "variant", "invalid_value");
        }
        VideoTaskRepository.TaskSource task = tasks.findSource(videoId, projectId).orElseThrow(VideoService::notFound);
        if (task.deleted()) {
            throw ApiException.notFound("Video " + videoId + " was deleted; its content is gone.", "video_deleted");
        }
        if (task.status() != VideoStatus.COMPLETED) {
            throw ApiException.notFound("Video " + videoId + " has no content: its status is "
                    + task.status().value() + ", not completed.", "video_not_ready");
        }
        if (task.expired()) {
            throw ApiException.notFound("The content of video " + videoId + " has expired.", "video_expired");
        }
        Upstream upstream = task.upstreamVideoId() == null ? null : upstreams.byName(task.upstreamName()).orElse(null);
        if (upstream == null) {
            throw unavailable(videoId);
        }
        try {
            upstream.download(task.upstreamVideoId(), asset, range, ifRange, sink);
        } catch (UpstreamFailure failure) {
            if (failure.kind() == UpstreamFailure.Kind.NOT_FOUND) {
                throw unavailable(videoId);
            }
            throw UpstreamErrors.afterAttempts(java.util.List.of(failure));
        }
    }

    private static ApiException unavailable(String videoId) {
        return new ApiException(HttpStatus.NOT_FOUND, ApiException.INVALID_REQUEST,
                "The content of video " + videoId + " is not available from its video provider.", null,
                "video_content_unavailable");
    }
}
