package com.videorelay.video;

import com.videorelay.error.ApiException;
import org.springframework.stereotype.Service;

@Service
public class VideoService {

    private final VideoTaskRepository tasks;

    VideoService(VideoTaskRepository tasks) {
        this.tasks = tasks;
    }

    /**
     * The caller's task. Unknown, foreign and malformed ids all end in the same 404, so ids cannot
     * be probed across projects; malformed ones are refused before any query.
     */
    public VideoResource retrieve(long projectId, String videoId) {
        if (!VideoIds.isWellFormed(videoId)) {
            throw notFound();
        }
        return tasks.findForProject(videoId, projectId).orElseThrow(VideoService::notFound);
    }

    public static ApiException notFound() {
        return ApiException.notFound("Video not found", "video_not_found");
    }
}
