package com.videorelay.video;

import com.videorelay.task.VideoIds;
import com.videorelay.task.VideoStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code video_tasks} as clients see it. Every statement is one indexed SQL call in autocommit mode,
 * mapped straight to the response record: no transaction, no entity, no second query. The status
 * poll is the hot path.
 *
 * <p>A task is visible to clients unless it was deleted, or its id was never given to a client
 * (still being submitted, refused, or interrupted): {@link #VISIBLE}.
 */
@Repository
class VideoTaskRepository {

    /** Submitted (or inserted by hand), or possibly submitted: the client was given the id. Not deleted. */
    static final String SHOWN = "submission_state in ('not_relayed', 'accepted', 'unconfirmed')";
    static final String VISIBLE = "deleted_at is null and " + SHOWN;

    /**
     * The Video object's columns, plus {@code poll_after_ms} for a running task: when the background
     * sync can next have news (at least {@link VideoService#MIN_POLL_AFTER_MS}; {@link
     * VideoService#DEFAULT_POLL_AFTER_MS} for a task no upstream syncs). Computed here, in the one
     * statement the poll runs anyway, so the answer needs no further work.
     */
    private static final String RESOURCE_COLUMNS = """
            id, model, status, progress,
            floor(extract(epoch from created_at))::bigint   as created_at,
            floor(extract(epoch from completed_at))::bigint as completed_at,
            floor(extract(epoch from expires_at))::bigint   as expires_at,
            prompt, seconds, size, remixed_from_video_id, error_code, error_message,
            case when status not in (%s) then null
                 when next_sync_at is null then %d -- (greatest() would skip a null and answer the minimum)
                 else greatest(%d, ceil(extract(epoch from next_sync_at - now()) * 1000))::bigint
            end as poll_after_ms,
            ceil(extract(epoch from next_sync_at - now()) * 1000)::bigint as sync_in_ms
            """.formatted(VideoStatus.UNFINISHED_SQL, VideoService.DEFAULT_POLL_AFTER_MS, VideoService.MIN_POLL_AFTER_MS);

    private static final String FIND_FOR_PROJECT =
            "select " + RESOURCE_COLUMNS + " from video_tasks where id = ? and project_id = ? and " + VISIBLE;

    /**
     * Keyset pages over (created_at, id); the cursor row may be deleted, so paging past it still works.
     * ORDER BY names the table's column (t.created_at): a bare created_at would mean the output column,
     * whole seconds, and tasks created within one second would come out in id order.
     */
    private static final String LIST_ASC = "select " + RESOURCE_COLUMNS + """
             from video_tasks t
            where project_id = :project and %s
              and (cast(:after as text) is null
                   or (t.created_at, t.id) > (select c.created_at, c.id from video_tasks c
                                               where c.id = :after and c.project_id = :project))
            order by t.created_at, t.id
            limit :limit
            """.formatted(VISIBLE);

    private static final String LIST_DESC = "select " + RESOURCE_COLUMNS + """
             from video_tasks t
            where project_id = :project and %s
              and (cast(:after as text) is null
                   or (t.created_at, t.id) < (select c.created_at, c.id from video_tasks c
                                               where c.id = :after and c.project_id = :project))
            order by t.created_at desc, t.id desc
            limit :limit
            """.formatted(VISIBLE);

    private static final RowMapper<PolledVideo> TO_POLLED = VideoTaskRepository::toPolled;

    private final JdbcClient jdbc;

    VideoTaskRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }


    /**
     * The task if it exists, is visible and belongs to the project; another project's task is simply
     * absent. With the milliseconds until its next sync (negative when overdue, null when none),
     * which {@link PollCache} needs to keep answering {@code openai-poll-after-ms} from memory.
     */
    Optional<PolledRow> findForProject(String id, long projectId) {
        return jdbc.sql(FIND_FOR_PROJECT).params(id, projectId)
                .query((row, n) -> new PolledRow(toPolled(row, n), row.getObject("sync_in_ms", Long.class)))
                .optional();
    }

    record PolledRow(PolledVideo polled, Long syncInMs) {
    }

    /** Up to {@code limit} tasks after the cursor; an unknown cursor gives an empty page. */
    List<VideoResource> list(long projectId, String after, int limit, boolean ascending) {
        return jdbc.sql(ascending ? LIST_ASC : LIST_DESC)
                .param("project", projectId)
                .param("after", after)
                .param("limit", limit)
                .query(TO_POLLED).list().stream().map(PolledVideo::video).toList(); // list(): query(...).stream() would hold the connection until closed
    }

    /**
     * Deletes for the client: the row stays for admins, invisible to clients; a running task is
     * cancelled; the upstream's copy is deleted by the background sync, which retries until it is.
     */
    boolean markDeleted(String id, long projectId) {
        return jdbc.sql("""
                        update video_tasks
                           set deleted_at = now(),
                               status = case when status in (%s) then %s else status end,
                               next_sync_at = case when upstream_video_id is not null then now() end,
                               sync_failures = 0
                         where id = ? and project_id = ? and\s""".formatted(VideoStatus.UNFINISHED_SQL,
                        VideoStatus.CANCELLED.sql()) + VISIBLE)
                .params(id, projectId)
                .update() == 1;
    }

    /**
     * What serving content or a remix needs to know about a task, deleted ones included. Empty, with
     * no query, for an id no task can have.
     */
    Optional<TaskSource> findSource(String id, long projectId) {
        if (!VideoIds.isWellFormed(id)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select model, status, seconds, size, upstream_name, upstream_video_id, result_url,
                               deleted_at is not null as deleted,
                               coalesce(expires_at <= now(), false) as expired
                          from video_tasks
                         where id = ? and project_id = ?
                           and\s""" + SHOWN)
                .params(id, projectId)
                .query((row, n) -> new TaskSource(row.getString("model"),
                        VideoStatus.fromColumn(row.getString("status")), row.getString("seconds"),
                        row.getString("size"), row.getString("upstream_name"), row.getString("upstream_video_id"),
                        row.getString("result_url"), row.getBoolean("deleted"), row.getBoolean("expired")))
                .optional();
    }

    record TaskSource(String model, VideoStatus status, String seconds, String size, String upstreamName,
                      String upstreamVideoId, String resultUrl, boolean deleted, boolean expired) {
    }

    /** A fresher download address from the provider, for the next download. */
    void updateResultUrl(String id, String resultUrl) {
        jdbc.sql("update video_tasks set result_url = ? where id = ?").params(resultUrl, id).update();
    }

    private static PolledVideo toPolled(ResultSet row, int rowNumber) throws SQLException {
        VideoResource video = new VideoResource(
                row.getString("id"),
                row.getString("model"),
                VideoStatus.fromColumn(row.getString("status")),
                row.getInt("progress"),
                row.getLong("created_at"),
                row.getObject("completed_at", Long.class),
                row.getObject("expires_at", Long.class),
                row.getString("prompt"),
                row.getString("seconds"),
                row.getString("size"),
                row.getString("remixed_from_video_id"),
                VideoResource.VideoError.of(row.getString("error_code"), row.getString("error_message")));
        return new PolledVideo(video, row.getObject("poll_after_ms", Long.class));
    }
}
