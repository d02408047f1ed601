package com.videorelay.sync;

import com.videorelay.video.VideoStatus;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The background sync's statements on {@code video_tasks}. Leases make replicas share the work:
 * a task is taken with {@code FOR UPDATE SKIP LOCKED} and stamped with this instance and an end time,
 * and every later write is conditional on still holding that lease. All times are the database's,
 * so replicas' clocks do not matter.
 */
@Repository
class SyncTaskRepository {

    private static final String ACTIVE = "status in ('queued', 'in_progress')";
    /** A deleted task whose upstream copy is still to be deleted. */
    private static final String DELETING = "deleted_at is not null and upstream_deleted_at is null";

    private final JdbcClient jdbc;

    SyncTaskRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Leases up to {@code limit} of the upstream's due tasks that nobody else holds. The locked rows
     * are chosen once, in a materialized CTE, so the update can never touch more or other rows.
     */
    List<LeasedTask> leaseDue(String upstream, int limit, String instance, long leaseMillis, long maxAgeMillis) {
        return jdbc.sql("""
                        with due as materialized (
                            select id from video_tasks
                             where upstream_name = :upstream
                               and next_sync_at <= now()
                               and (status in ('queued', 'in_progress')
                                    or (deleted_at is not null and upstream_deleted_at is null))
                               and (leased_until is null or leased_until < now())
                             order by next_sync_at
                             limit :limit
                             for update skip locked)
                        update video_tasks t
                           set leased_by = :instance,
                               leased_until = now() + :lease * interval '1 millisecond'
                          from due
                         where t.id = due.id
                        returning t.id, t.upstream_video_id, t.status, t.progress, t.deleted_at is not null as deleted,
                                  t.created_at < now() - :maxAge * interval '1 millisecond' as too_old,
                                  floor(extract(epoch from now() - coalesce(t.last_synced_at, t.submitted_at, t.created_at))
                                        * 1000)::bigint as since_last_sync,
                                  t.sync_failures
                        """)
                .param("instance", instance)
                .param("lease", leaseMillis)
                .param("upstream", upstream)
                .param("limit", limit)
                .param("maxAge", maxAgeMillis)
                .query((row, n) -> new LeasedTask(row.getString("id"), row.getString("upstream_video_id"),
                        VideoStatus.fromColumn(row.getString("status")), row.getInt("progress"),
                        row.getBoolean("deleted"), row.getBoolean("too_old"), row.getLong("since_last_sync"),
                        row.getInt("sync_failures")))
                .list();
    }

    /** Writes what the upstream said. False if the task had meanwhile ended (a delete cancelled it). */
    boolean recordAnswer(String id, String instance, VideoStatus status, int progress, Long completedAt,
                         Long expiresAt, String errorCode, String errorMessage, Long nextSyncInMillis) {
        return jdbc.sql("""
                        update video_tasks
                           set status = ?, progress = ?,
                               completed_at = coalesce(to_timestamp(?), completed_at),
                               expires_at = coalesce(to_timestamp(?), expires_at),
                               error_code = ?, error_message = ?,
                               next_sync_at = now() + ? * interval '1 millisecond',
                               last_synced_at = now(), sync_failures = 0, last_sync_error = null,
                               leased_by = null, leased_until = null
                         where id = ? and leased_by = ? and\s""" + ACTIVE)
                .params(status.value(), progress, completedAt, expiresAt, errorCode, errorMessage, nextSyncInMillis,
                        id, instance)
                .update() == 1;
    }

    /**
     * A failed sync (or upstream delete): count it, say why for admins, try again later. Only if the
     * task is still in the state the attempt was for: a poll that failed while the client deleted the
     * task, or an admin finished it, must not reschedule it.
     */
    void recordFailure(String id, String instance, String why, long nextSyncInMillis, boolean deleting) {
        int updated = jdbc.sql("""
                        update video_tasks
                           set sync_failures = sync_failures + 1, last_sync_error = ?, last_synced_at = now(),
                               next_sync_at = now() + ? * interval '1 millisecond',
                               leased_by = null, leased_until = null
                         where id = ? and leased_by = ? and\s""" + (deleting ? DELETING : ACTIVE + " and deleted_at is null"))
                .params(why, nextSyncInMillis, id, instance)
                .update();
        if (updated == 0) {
            release(id, instance);
        }
    }

    /** Ends a task the gateway gives up on (too old, lost upstream, interrupted submission). */
    void fail(String id, String instance, String errorCode, String errorMessage) {
        jdbc.sql("""
                        update video_tasks
                           set status = 'failed', error_code = ?, error_message = ?, next_sync_at = null,
                               leased_by = null, leased_until = null
                         where id = ? and leased_by = ? and\s""" + ACTIVE)
                .params(errorCode, errorMessage, id, instance)
                .update();
        release(id, instance);
    }

    /** The upstream's copy of a deleted task is gone (or the gateway gave up on it): nothing more to do. */
    void finishDeletion(String id, String instance, boolean deletedUpstream) {
        jdbc.sql("""
                        update video_tasks
                           set upstream_deleted_at = case when ? then now() end, next_sync_at = null,
                               sync_failures = 0, leased_by = null, leased_until = null
                         where id = ? and leased_by = ?
                        """)
                .params(deletedUpstream, id, instance)
                .update();
    }

    /**
     * Gives the lease back. A task that has meanwhile ended (and has no upstream copy left to delete)
     * is also taken off the schedule, so nothing ever asks about it again.
     */
    void release(String id, String instance) {
        jdbc.sql("""
                        update video_tasks
                           set leased_by = null, leased_until = null,
                               next_sync_at = case when %s or (%s) then next_sync_at end
                         where id = ? and leased_by = ?
                        """.formatted(ACTIVE, DELETING))
                .params(id, instance)
                .update();
    }
}
