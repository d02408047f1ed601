package com.videorelay.sync;

import com.videorelay.task.VideoStatus;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The background sync's statements on {@code video_tasks}. Leases make replicas share the work: a
 * task is taken with {@code FOR UPDATE SKIP LOCKED} and stamped with this instance and an end time,
 * renewed while the instance works on it, and every later write is conditional on still holding that
 * lease. All times are the database's, so replicas' clocks do not matter.
 */
@Repository
class SyncTaskRepository {

    private static final String ACTIVE = "status in (" + VideoStatus.UNFINISHED_SQL + ")";
    private static final String FAILED = VideoStatus.FAILED.sql();
    /** A deleted task whose upstream copy is still to be deleted. */
    private static final String DELETING = "deleted_at is not null and upstream_deleted_at is null";
    private static final String LEASE_FREE = "(leased_until is null or leased_until < now())";

    private static final String LEASED_COLUMNS = """
            t.id, t.upstream_name, t.upstream_video_id, t.status, t.progress, t.deleted_at is not null as deleted,
            t.submission_state,
            t.created_at < now() - :maxAge * interval '1 millisecond' as too_old,
            floor(extract(epoch from now() - coalesce(t.last_synced_at, t.submitted_at, t.created_at)) * 1000)::bigint
                as since_last_sync,
            floor(extract(epoch from now() - coalesce(t.submitted_at, t.created_at)) * 1000)::bigint as since_submit,
            t.sync_failures,
            exists (select 1 from video_task_attempts a where a.task_id = t.id and a.outcome is null) as outcome_unknown,
            (select a.upstream_video_id from video_task_attempts a
              where a.task_id = t.id and a.outcome = 'accepted' limit 1) as accepted_upstream_video_id
            """;

    private static final RowMapper<LeasedTask> TO_LEASED = (row, n) -> new LeasedTask(row.getString("id"),
            row.getString("upstream_name"), row.getString("upstream_video_id"),
            VideoStatus.fromColumn(row.getString("status")), row.getInt("progress"), row.getBoolean("deleted"),
            row.getString("submission_state"), row.getBoolean("too_old"), row.getLong("since_last_sync"),
            row.getLong("since_submit"), row.getInt("sync_failures"), row.getBoolean("outcome_unknown"),
            row.getString("accepted_upstream_video_id"));

    private final JdbcClient jdbc;

    SyncTaskRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Leases up to {@code limit} of the upstream's due tasks that nobody else holds. The locked rows
     * are chosen once, in a materialized CTE, so the update can never touch more or other rows.
     */
    List<LeasedTask> leaseDue(String upstream, int limit, String instance, long leaseMillis, long maxAgeMillis) {
        return lease("upstream_name = :upstream", limit, instance, leaseMillis, maxAgeMillis)
                .param("upstream", upstream).query(TO_LEASED).list();
    }

    /**
     * The same for tasks whose upstream is not configured in this instance, once they have been due
     * for a whole lease: while another instance still serves that upstream (a rolling deploy), its
     * dispatcher takes them long before, and this instance never gets in its way.
     */
    List<LeasedTask> leaseOrphans(Set<String> configured, int limit, String instance, long leaseMillis,
                                  long maxAgeMillis) {
        return lease("upstream_name is not null and upstream_name <> all(:configured) "
                        + "and next_sync_at <= now() - :lease * interval '1 millisecond'", limit, instance, leaseMillis,
                maxAgeMillis).param("configured", configured.toArray(String[]::new)).query(TO_LEASED).list();
    }

    private JdbcClient.StatementSpec lease(String which, int limit, String instance, long leaseMillis, long maxAgeMillis) {
        return jdbc.sql("""
                        with due as materialized (
                            select id from video_tasks
                             where %s
                               and next_sync_at <= now()
                               and (%s or (%s))
                               and %s
                             order by next_sync_at
                             limit :limit
                             for update skip locked)
                        update video_tasks t
                           set leased_by = :instance,
                               leased_until = now() + :lease * interval '1 millisecond'
                          from due
                         where t.id = due.id
                        returning %s
                        """.formatted(which, ACTIVE, DELETING, LEASE_FREE, LEASED_COLUMNS))
                .param("instance", instance)
                .param("lease", leaseMillis)
                .param("limit", limit)
                .param("maxAge", maxAgeMillis);
    }

    /**
     * Extends this instance's leases on {@code ids}. Returns the ids another instance holds now (it
     * presumed this one dead); an id whose lease this instance gave back itself (its work just ended)
     * is not among them. Rows are locked in id order, as {@link #recordAnswers} locks them.
     */
    Set<String> renew(Collection<String> ids, String instance, long leaseMillis) {
        String[] array = ids.toArray(String[]::new);
        return Set.copyOf(jdbc.sql("""
                        with held as materialized (
                            select id from video_tasks where id = any(:ids) and leased_by = :instance
                             order by id
                             for update),
                        renewed as (
                            update video_tasks t set leased_until = now() + :lease * interval '1 millisecond'
                              from held
                             where t.id = held.id and t.leased_by = :instance
                            returning t.id)
                        select id from video_tasks
                         where id = any(:ids) and leased_by <> :instance and id not in (select id from renewed)
                        """)
                .param("lease", leaseMillis).param("ids", array).param("instance", instance)
                .query(String.class).list());
    }

    /**
     * Writes what the upstream said about each task, in one statement. Returns the ids written; a task
     * missing from them had meanwhile ended (a delete cancelled it) or is no longer leased here. The
     * rows are locked in id order, as {@link #renew} locks them, so two of these never deadlock.
     */
    Set<String> recordAnswers(List<Answer> answers, String instance) {
        int n = answers.size();
        String[] ids = new String[n];
        String[] statuses = new String[n];
        Integer[] progress = new Integer[n];
        Long[] completedAt = new Long[n];
        Long[] expiresAt = new Long[n];
        String[] errorCodes = new String[n];
        String[] errorMessages = new String[n];
        Long[] nextSync = new Long[n];
        String[] resultUrls = new String[n];
        for (int i = 0; i < n; i++) {
            Answer a = answers.get(i);
            ids[i] = a.taskId();
            statuses[i] = a.status().value();
            progress[i] = a.progress();
            completedAt[i] = a.completedAt();
            expiresAt[i] = a.expiresAt();
            errorCodes[i] = a.errorCode();
            errorMessages[i] = a.errorMessage();
            nextSync[i] = a.nextSyncInMillis();
            resultUrls[i] = a.resultUrl();
        }
        return Set.copyOf(jdbc.sql("""
                        with answer as (
                            select * from unnest(?::text[], ?::text[], ?::integer[], ?::bigint[], ?::bigint[],
                                                 ?::text[], ?::text[], ?::bigint[], ?::text[])
                                as a(id, status, progress, completed_at, expires_at, error_code, error_message,
                                     next_sync_ms, result_url)),
                        held as materialized (
                            select t.id from video_tasks t join answer a on a.id = t.id
                             where t.leased_by = ? and t.%1$s
                             order by t.id
                             for update of t)
                        update video_tasks t
                           set status = a.status, progress = a.progress,
                               completed_at = coalesce(to_timestamp(a.completed_at), t.completed_at),
                               expires_at = coalesce(to_timestamp(a.expires_at), t.expires_at),
                               error_code = a.error_code, error_message = a.error_message,
                               result_url = coalesce(a.result_url, t.result_url),
                               next_sync_at = now() + a.next_sync_ms * interval '1 millisecond',
                               last_synced_at = now(), sync_failures = 0, last_sync_error = null,
                               leased_by = null, leased_until = null
                          from answer a join held h on h.id = a.id
                         where t.id = a.id and t.leased_by = ? and t.%1$s
                        returning t.id
                        """.formatted(ACTIVE))
                .params(ids, statuses, progress, completedAt, expiresAt, errorCodes, errorMessages, nextSync, resultUrls,
                        instance, instance)
                .query(String.class).list());
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

    /** Ends a task the gateway gives up on (too old, lost upstream, removed upstream). */
    void fail(String id, String instance, String errorCode, String errorMessage) {
        jdbc.sql("""
                        update video_tasks
                           set status = %s, error_code = ?, error_message = ?,
                               next_sync_at = null, leased_by = null, leased_until = null
                         where id = ? and leased_by = ? and\s""".formatted(FAILED) + ACTIVE)
                .params(errorCode, errorMessage, id, instance)
                .update();
        release(id, instance);
    }

    /**
     * A submission whose instance died before the client got the id: failed and invisible for good.
     * Only while it is still unanswered: a create accepted meanwhile is left alone. With the provider's
     * id (found by reconciliation) the task is also marked deleted, so the sync cancels that copy.
     */
    void interrupt(String id, String instance, String foundUpstreamVideoId) {
        jdbc.sql("""
                        update video_tasks
                           set status = %s, submission_state = 'interrupted', error_code = 'submission_interrupted',
                               error_message = 'The gateway was interrupted while submitting this video. Please create it again.',
                               upstream_video_id = ?,
                               deleted_at = case when ?::text is not null then now() end,
                               next_sync_at = case when ?::text is not null then now() end,
                               leased_by = null, leased_until = null
                         where id = ? and leased_by = ? and submission_state = 'submitting' and upstream_video_id is null
                        """.formatted(FAILED))
                .params(foundUpstreamVideoId, foundUpstreamVideoId, foundUpstreamVideoId, id, instance)
                .update();
        release(id, instance);
    }

    /** Reconciliation found the provider's task: it is accepted after all, and synced from now on. */
    void confirm(String id, String instance, String upstreamVideoId, long nextSyncInMillis) {
        jdbc.sql("""
                        update video_tasks
                           set upstream_video_id = ?, submission_state = 'accepted',
                               next_sync_at = now() + ? * interval '1 millisecond', sync_failures = 0,
                               last_sync_error = null, leased_by = null, leased_until = null
                         where id = ? and leased_by = ? and submission_state = 'unconfirmed' and\s""" + ACTIVE)
                .params(upstreamVideoId, nextSyncInMillis, id, instance)
                .update();
        release(id, instance);
    }

    /** Resolves the attempts left without an outcome, once reconciliation knows it. */
    void resolveAttempts(String taskId, String outcome, String upstreamVideoId, String detail) {
        jdbc.sql("""
                        update video_task_attempts
                           set outcome = ?, upstream_video_id = ?, finished_at = now(),
                               detail = coalesce(detail || '; ', '') || ?
                         where task_id = ? and (outcome is null or outcome = 'unknown')
                        """)
                .params(outcome, upstreamVideoId, detail, taskId)
                .update();
    }

    /** Asks about the task again later without counting a failure (a task of a removed upstream, say). */
    void reschedule(String id, String instance, long nextSyncInMillis) {
        jdbc.sql("""
                        update video_tasks set next_sync_at = now() + ? * interval '1 millisecond',
                               leased_by = null, leased_until = null
                         where id = ? and leased_by = ?
                        """)
                .params(nextSyncInMillis, id, instance)
                .update();
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
