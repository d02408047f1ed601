package com.videorelay.video;

import com.videorelay.task.VideoIds;
import com.videorelay.web.ApiException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** Reading, listing and deleting the caller's tasks, from PostgreSQL; the status poll through {@link PollCache}. */
@Service
public class VideoService {

    /** Clients are never told to come back sooner than this, even when a sync is overdue. */
    static final long MIN_POLL_AFTER_MS = 1000;
    /** For a running task no upstream syncs (inserted by hand): a sensible poll pace. */
    static final long DEFAULT_POLL_AFTER_MS = 5000;
    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;

    private final VideoTaskRepository tasks;
    private final PollCache cache;
    private final JsonMapper json;

    VideoService(VideoTaskRepository tasks, PollCache cache, JsonMapper json) {
        this.tasks = tasks;
        this.cache = cache;
        this.json = json;
    }

    /** The poll's answer as it goes out: the Video object's JSON and the poll-after hint. */
    public record PollAnswer(byte[] json, Long pollAfterMs) {
    }

    /**
     * The caller's task as the status poll serves it: from {@link PollCache} when it has the task,
     * else from PostgreSQL, and then kept. The JSON is written once per change of the task, not
     * per poll. Unknown, foreign, deleted and malformed ids all end in the same 404, so ids cannot be
     * probed across projects; malformed ones are refused before any lookup.
     */
    public PollAnswer poll(long projectId, String videoId) {
        if (!VideoIds.isWellFormed(videoId)) {
            throw notFound();
        }
        PollCache.Entry kept = cache.get(videoId);
        if (kept != null) {
            if (kept.projectId() != projectId) {
                throw notFound(); // another project's task: as absent as in PostgreSQL
            }
            return new PollAnswer(kept.json(), kept.pollAfterMs());
        }
        long stamp = cache.stamp(videoId);
        long loaded = System.nanoTime();
        VideoTaskRepository.PolledRow row = tasks.findForProject(videoId, projectId)
                .orElseThrow(VideoService::notFound);
        PolledVideo polled = row.polled();
        byte[] body = json.writeValueAsBytes(polled.video());
        cache.put(videoId, new PollCache.Entry(projectId, body, polled.pollAfterMs() != null, row.syncInMs(), loaded),
                stamp);
        return new PollAnswer(body, polled.pollAfterMs());
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
        cache.forget(videoId); // every replica also hears of it from PostgreSQL (PollCache)
        return new DeletedVideo(videoId);
    }

    public static ApiException notFound() {
        return ApiException.notFound("Video not found", "video_not_found");
    }
}
