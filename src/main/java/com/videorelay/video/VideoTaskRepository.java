package com.videorelay.video;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads of {@code video_tasks}. The status poll is the hot path, so it is one indexed statement in
 * autocommit mode, mapped straight to the response record: no transaction, no entity, no second query.
 */
@Repository
class VideoTaskRepository {

    private static final String FIND_FOR_PROJECT = """
            select id, model, status, progress,
                   floor(extract(epoch from created_at))::bigint   as created_at,
                   floor(extract(epoch from completed_at))::bigint as completed_at,
                   floor(extract(epoch from expires_at))::bigint   as expires_at,
                   prompt, seconds, size, remixed_from_video_id, error_code, error_message
              from video_tasks
             where id = ? and project_id = ?
            """;

    private static final RowMapper<VideoResource> TO_RESOURCE = VideoTaskRepository::toResource;

    private final JdbcClient jdbc;

    VideoTaskRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The task if it exists and belongs to the project; another project's task is simply absent. */
    Optional<VideoResource> findForProject(String id, long projectId) {
        return jdbc.sql(FIND_FOR_PROJECT).params(id, projectId).query(TO_RESOURCE).optional();
    }

    private static VideoResource toResource(ResultSet row, int rowNumber) throws SQLException {
        return new VideoResource(
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
    }
}
