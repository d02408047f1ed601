package com.videorelay.video;

import com.videorelay.task.VideoIds;
import com.videorelay.web.ApiException;
import org.springframework.stereotype.Service;

/** Reading, listing and deleting the caller's tasks: all served from PostgreSQL alone. */
@Service
public class VideoService {

    /** Clients are never told to come back sooner than this, even when a sync is overdue. */
    static final long MIN_POLL_AFTER_MS = 1000;
    /** For a running task no upstream syncs (inserted by hand): a sensible poll pace. */
    static final long DEFAULT_POLL_AFTER_MS = 5000;
    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;

    private final VideoTaskRepository tasks;

    VideoService(VideoTaskRepository tasks) {
        this.tasks = tasks;
    }

    /**
     * The caller's task. Unknown, foreign, deleted and malformed ids all end in the same 404, so ids
     * cannot be probed across projects; malformed ones are refused before any query.
     */
    public PolledVideo retrieve(long projectId, String videoId) {
        if (!VideoIds.isWellFormed(videoId)) {
            throw notFound();
        }
        return tasks.findForProject(videoId, projectId).orElseThrow(VideoService::notFound);
    }

    public VideoList list(long projectId, String after, Integer limit, String order) {
        int size = limit == null ? DEFAULT_PAGE_SIZE : limit;
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiException.invalidRequest("Invalid 'limit': expected an integer from 1 to " + MAX_PAGE_SIZE
                    + ", got " + size + ".", "limit", "invalid_value");
        }
        boolean ascending;
        if (order == null || order.equals("desc")) {
            ascending = false;
        } else if (order.equals("asc")) {
            ascending = true;
        } else {
            throw ApiException.invalidRequest("Invalid 'order': expected 'asc' or 'desc'.", "order", "invalid_value");
        }
        if (after != null && !VideoIds.isWellFormed(after)) {
            return VideoList.of(java.util.List.of(), false); // no task can have that id: nothing comes after it
        }
        var page = tasks.list(projectId, after, size + 1, ascending);
        boolean hasMore = page.size() > size;
        return VideoList.of(hasMore ? page.subList(0, size) : page, hasMore);
    }

    public DeletedVideo delete(long projectId, String videoId) {
        if (!VideoIds.isWellFormed(videoId) || !tasks.markDeleted(videoId, projectId)) {
            throw notFound();
        }
        return new DeletedVideo(videoId);
    }

    public static ApiException notFound() {
        return ApiException.notFound("Video not found", "video_not_found");
    }
}
