package com.videorelay.sync;

import com.videorelay.task.VideoStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The submission's writes: the task row before any provider is called, one attempt row before each
 * call, then the outcome. Each task write is conditional on the task still being submitted, so an
 * answer that arrives after the sync declared the submission interrupted changes nothing.
 */
@Repository
class SubmissionRepository {

    private final JdbcClient jdbc;

    SubmissionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The row, invisible to clients while submitting; the sync marks it interrupted after the deadline. */
    void insertSubmitting(String id, NewTask task, String firstUpstream, long deadlineMillis) {
        jdbc.sql("""
                        insert into video_tasks (id, project_id, model, status, progress, prompt, seconds, size,
                                                 remixed_from_video_id, upstream_name, submission_state, next_sync_at)
                        values (?, ?, ?, %s, 0, ?, ?, ?, ?, ?, 'submitting', now() + ? * interval '1 millisecond')
                        """.formatted(VideoStatus.QUEUED.sql()))
                .params(id, task.projectId(), task.model(), task.prompt(), task.seconds(), task.size(),
                        task.remixedFrom(), firstUpstream, deadlineMillis)
                .update();
    }

    /** Recorded before the call is sent, so a crash mid-call leaves the trace of a possibly paid video. */
    long startAttempt(String taskId, String upstream, String purpose) {
        jdbc.sql("update video_tasks set upstream_name = ? where id = ? and submission_state = 'submitting'")
                .params(upstream, taskId).update();
        return jdbc.sql("""
                        insert into video_task_attempts (task_id, upstream_name, purpose) values (?, ?, ?) returning id
                        """)
                .params(taskId, upstream, purpose).query(Long.class).single();
    }

    void finishAttempt(long attemptId, String outcome, Integer httpStatus, String upstreamVideoId, String detail) {
        jdbc.sql("""
                        update video_task_attempts
                           set finished_at = now(), outcome = ?, http_status = ?, upstream_video_id = ?, detail = ?
                         where id = ?
                        """)
                .params(outcome, httpStatus, upstreamVideoId, detail, attemptId).update();
    }

    /** A provider took it: visible from now on, and handed to the sync. False if it was declared interrupted. */
    boolean accept(String id, String upstream, String upstreamVideoId, long firstSyncMillis) {
        return jdbc.sql("""
                        update video_tasks
                           set upstream_name = ?, upstream_video_id = ?, submitted_at = now(), submission_state = 'accepted',
                               next_sync_at = now() + ? * interval '1 millisecond'
                         where id = ? and submission_state = 'submitting'
                        """)
                .params(upstream, upstreamVideoId, firstSyncMillis, id).update() == 1;
    }

    /** No provider took it and the client is told so: kept for admins, invisible to clients. */
    void refuse(String id, String errorCode, String errorMessage) {
        jdbc.sql("""
                        update video_tasks
                           set submission_state = 'refused', status = %s, error_code = ?, error_message = ?,
                               next_sync_at = null
                         where id = ? and submission_state = 'submitting'
                        """.formatted(VideoStatus.FAILED.sql()))
                .params(errorCode, errorMessage, id).update();
    }

    /**
     * The provider may have the video. With {@code reconcileInMillis} the sync asks it later (the task is
     * visible and queued meanwhile); without, the task fails at once with {@code upstream_outcome_unknown}.
     */
    boolean unconfirmed(String id, Long reconcileInMillis, String errorMessage) {
        return jdbc.sql("""
                        update video_tasks
                           set submission_state = 'unconfirmed', submitted_at = now(),
                               status = case when ? then %s else %s end,
                               error_code = case when ? then null else 'upstream_outcome_unknown' end,
                               error_message = case when ? then null else ? end,
                               next_sync_at = case when ? then now() + ? * interval '1 millisecond' end
                         where id = ? and submission_state = 'submitting'
                        """.formatted(VideoStatus.QUEUED.sql(), VideoStatus.FAILED.sql()))
                .params(reconcileInMillis != null, reconcileInMillis != null, reconcileInMillis != null, errorMessage,
                        reconcileInMillis != null, reconcileInMillis, id)
                .update() == 1;
    }
}
