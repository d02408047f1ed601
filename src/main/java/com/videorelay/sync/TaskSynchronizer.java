package com.videorelay.sync;

import com.videorelay.upstream.Upstream;
import com.videorelay.upstream.UpstreamFailure;
import com.videorelay.upstream.UpstreamRegistry;
import com.videorelay.upstream.UpstreamVideo;
import com.videorelay.video.VideoStatus;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps relayed tasks up to date, so client polls never reach an upstream. Every tick, per upstream,
 * it leases as many due tasks as the upstream has free call slots (never more, so a leased task is
 * synced at once and its lease cannot run out while it waits) and syncs each on its own virtual
 * thread. No task waits by sleeping: each one's next sync time is a column, and the tick finds it.
 *
 * <p>Runs only in the server, not in admin commands. Any number of replicas may run it on one
 * database; see {@link SyncTaskRepository} for the lease.
 */
@Component
@ConditionalOnWebApplication
class TaskSynchronizer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TaskSynchronizer.class);
    private static final int LOST_AFTER_NOT_FOUNDS = 3;

    private final UpstreamRegistry upstreams;
    private final SyncTaskRepository tasks;
    private final SyncProperties settings;
    private final SyncPacing pacing;
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("task-sync-", 0).factory());

    TaskSynchronizer(UpstreamRegistry upstreams, SyncTaskRepository tasks, SyncProperties settings) {
        this.upstreams = upstreams;
        this.tasks = tasks;
        this.settings = settings;
        this.pacing = new SyncPacing(settings);
    }

    @Scheduled(fixedDelayString = "${videorelay.sync.tick:1s}", initialDelayString = "${videorelay.sync.tick:1s}")
    void tick() {
        if (!settings.enabled() || workers.isShutdown()) {
            return;
        }
        for (Upstream upstream : upstreams.all()) {
            int room = Math.min(settings.batchSize(), upstream.idleCallSlots());
            if (room == 0) {
                continue;
            }
            List<LeasedTask> due;
            try {
                due = tasks.leaseDue(upstream.name(), room, settings.instanceId(), settings.lease().toMillis(),
                        settings.maxTaskAge().toMillis());
            } catch (DataAccessException databaseDown) {
                log.warn("Sync skipped this tick: {}", databaseDown.getMostSpecificCause().toString());
                return;
            }
            for (LeasedTask task : due) {
                workers.execute(() -> syncSafely(upstream, task));
            }
        }
    }

    private void syncSafely(Upstream upstream, LeasedTask task) {
        try {
            sync(upstream, task);
        } catch (RuntimeException unexpected) {
            // The lease runs out and the task is taken up again; nothing is lost.
            log.error("Sync of {} failed unexpectedly", task.id(), unexpected);
        }
    }

    void sync(Upstream upstream, LeasedTask task) {
        String me = settings.instanceId();
        if (task.deleted()) {
            deleteUpstreamCopy(upstream, task);
            return;
        }
        if (task.upstreamVideoId() == null) {
            log.warn("Task {} was never confirmed by upstream {}: the gateway stopped while submitting it",
                    task.id(), upstream.name());
            tasks.fail(task.id(), me, "submission_interrupted",
                    "The gateway was interrupted while submitting this video. Please create it again.");
            return;
        }
        if (task.tooOld()) {
            tasks.fail(task.id(), me, "generation_timed_out",
                    "The video was not generated within " + settings.maxTaskAge().toMinutes() + " minutes.");
            return;
        }
        UpstreamVideo answer;
        try {
            answer = upstream.retrieve(task.upstreamVideoId());
        } catch (UpstreamFailure failure) {
            int failures = task.syncFailures() + 1;
            if (failure.kind() == UpstreamFailure.Kind.NOT_FOUND && failures >= LOST_AFTER_NOT_FOUNDS) {
                log.warn("Upstream {} no longer knows task {} ({})", upstream.name(), task.id(), task.upstreamVideoId());
                tasks.fail(task.id(), me, "upstream_task_lost", "The video provider no longer knows this video.");
                return;
            }
            log.warn("Sync of {} failed ({} in a row): {}", task.id(), failures, failure.getMessage());
            tasks.recordFailure(task.id(), me, failure.getMessage(), pacing.afterFailure(failures));
            return;
        }
        record(task, answer, upstream);
    }

    private void record(LeasedTask task, UpstreamVideo answer, Upstream upstream) {
        VideoStatus reported = VideoStatus.fromUpstream(answer.status()).orElseGet(() -> {
            log.warn("Upstream {} reports unknown status '{}' for {}; keeping it in_progress",
                    upstream.name(), answer.status(), task.id());
            return VideoStatus.IN_PROGRESS;
        });
        VideoStatus status = task.status().advancedTo(reported);
        int progress = Math.max(task.progress(), answer.progress() == null ? 0 : Math.clamp(answer.progress(), 0, 100));
        Long completedAt = answer.completedAt();
        String errorCode = null;
        String errorMessage = null;
        switch (status) {
            case COMPLETED -> {
                progress = 100;
                completedAt = completedAt != null ? completedAt : System.currentTimeMillis() / 1000;
            }
            case FAILED -> {
                errorCode = answer.errorCode() != null ? answer.errorCode() : "generation_failed";
                errorMessage = answer.errorMessage();
            }
            default -> {
            }
        }
        boolean moved = status != task.status() || progress != task.progress();
        Long next = status.isTerminal() ? null
                : pacing.afterAnswer(moved, answer.pollAfterMs(), task.millisSinceLastSync());
        if (!tasks.recordAnswer(task.id(), settings.instanceId(), status, progress, completedAt,
                answer.expiresAt(),
                errorCode, errorMessage, next)) {
            tasks.release(task.id(), settings.instanceId()); // it ended meanwhile (e.g. deleted): leave it be
        }
    }

    private void deleteUpstreamCopy(Upstream upstream, LeasedTask task) {
        if (task.upstreamVideoId() == null) {
            tasks.finishDeletion(task.id(), settings.instanceId(), false);
            return;
        }
        try {
            upstream.delete(task.upstreamVideoId());
            tasks.finishDeletion(task.id(), settings.instanceId(), true);
        } catch (UpstreamFailure failure) {
            int failures = task.syncFailures() + 1;
            if (failures >= settings.maxDeleteAttempts()) {
                log.error("Giving up deleting {} ({}) at upstream {} after {} attempts: {}", task.id(),
                        task.upstreamVideoId(), upstream.name(), failures, failure.getMessage());
                tasks.finishDeletion(task.id(), settings.instanceId(), false);
                return;
            }
            log.warn("Deleting {} at upstream {} failed ({} in a row): {}", task.id(), upstream.name(), failures,
                    failure.getMessage());
            tasks.recordFailure(task.id(), settings.instanceId(), failure.getMessage(), pacing.afterFailure(failures));
        }
    }

    /** On shutdown: lease nothing more, let running syncs finish; unfinished leases simply run out. */
    @Override
    public void destroy() throws InterruptedException {
        workers.shutdown();
        if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
    }
}
