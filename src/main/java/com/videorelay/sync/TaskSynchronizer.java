package com.videorelay.sync;

import com.videorelay.upstream.Upstream;
import com.videorelay.upstream.UpstreamFailure;
import com.videorelay.upstream.UpstreamRegistry;
import com.videorelay.upstream.UpstreamVideo;
import com.videorelay.video.VideoStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Keeps relayed tasks up to date, so client polls never reach an upstream. One dispatcher per
 * upstream (a virtual thread) reserves free call slots of that upstream, leases as many due tasks,
 * and syncs each on its own virtual thread. A finished sync wakes the dispatcher, which leases the
 * next ones at once, so an upstream is kept as busy as its max-concurrency allows rather than once
 * per tick; with nothing due, the dispatcher waits a tick. A leased task always has its slot
 * already, so its lease cannot run out while it waits. No task waits by sleeping: each one's next
 * sync time is a column.
 *
 * <p>Runs only in the server, not in admin commands. Any number of replicas may run it on one
 * database; see {@link SyncTaskRepository} for the lease.
 */
@Component
@ConditionalOnWebApplication
class TaskSynchronizer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskSynchronizer.class);
    private static final int LOST_AFTER_FAILURES = 3;

    private final UpstreamRegistry upstreams;
    private final SyncTaskRepository tasks;
    private final SyncProperties settings;
    private final SyncPacing pacing;
    /** The running dispatchers and their workers; null while stopped. Stop/start may repeat (e.g. test contexts are paused). */
    private volatile Run run;

    private record Run(ExecutorService workers, List<Thread> dispatchers, java.util.concurrent.atomic.AtomicBoolean active) {
    }

    TaskSynchronizer(UpstreamRegistry upstreams, SyncTaskRepository tasks, SyncProperties settings) {
        this.upstreams = upstreams;
        this.tasks = tasks;
        this.settings = settings;
        this.pacing = new SyncPacing(settings);
        for (Upstream upstream : upstreams.all()) {
            if (upstream.longestSyncCall().compareTo(settings.lease()) >= 0) {
                throw new IllegalArgumentException("videorelay.sync.lease (" + settings.lease()
                        + ") must be longer than connect-timeout + request-timeout of upstream " + upstream.name()
                        + " (" + upstream.longestSyncCall() + "), or two instances could sync one task at once");
            }
        }
    }

    @Override
    public synchronized void start() {
        if (!settings.enabled() || run != null) {
            return;
        }
        Run started = new Run(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("task-sync-", 0).factory()),
                new ArrayList<>(), new java.util.concurrent.atomic.AtomicBoolean(true));
        for (Upstream upstream : upstreams.all()) {
            started.dispatchers().add(Thread.ofVirtual().name("task-sync-" + upstream.name())
                    .start(() -> dispatch(upstream, started)));
        }
        run = started;
    }

    private void dispatch(Upstream upstream, Run current) {
        while (current.active().get()) {
            try {
                dispatchOnce(upstream, current.workers());
            } catch (RuntimeException unexpected) {
                // This loop is the upstream's only sync: it must outlive any failure, and wait before retrying.
                log.error("Sync of upstream {} failed; retrying after a tick", upstream.name(), unexpected);
                LockSupport.parkNanos(settings.tick().toNanos());
            }
        }
    }

    private void dispatchOnce(Upstream upstream, ExecutorService workers) {
        Thread dispatcher = Thread.currentThread();
        int slots = upstream.reserveSyncSlots(settings.batchSize());
        List<LeasedTask> due = List.of();
        if (slots > 0) {
            try {
                due = tasks.leaseDue(upstream.name(), slots, settings.instanceId(), settings.lease().toMillis(),
                        settings.maxTaskAge().toMillis());
            } catch (DataAccessException databaseDown) {
                log.warn("Sync of upstream {} paused: {}", upstream.name(),
                        databaseDown.getMostSpecificCause().toString());
            } finally {
                upstream.releaseSlots(slots - due.size());
            }
            for (int i = 0; i < due.size(); i++) {
                LeasedTask task = due.get(i);
                try {
                    workers.execute(() -> {
                        try {
                            syncSafely(upstream, task);
                        } finally {
                            LockSupport.unpark(dispatcher); // a slot is free: lease the next due task now
                        }
                    });
                } catch (RejectedExecutionException shuttingDown) {
                    // Stopping: give back what was taken; the leases run out and another instance goes on.
                    upstream.releaseSlots(due.size() - i);
                    return;
                }
            }
        }
        if (due.size() < slots || slots == 0) {
            // Nothing more is due, or every slot is busy: wait for a tick, or for a sync to finish.
            LockSupport.parkNanos(settings.tick().toNanos());
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

    /** Syncs one leased task, in the call slot reserved for it (given back whatever happens). */
    private void sync(Upstream upstream, LeasedTask task) {
        if (task.deleted()) {
            deleteUpstreamCopy(upstream, task);
            return;
        }
        String me = settings.instanceId();
        if (task.upstreamVideoId() == null) {
            upstream.releaseSlots(1);
            log.warn("Task {} was never confirmed by upstream {}: the gateway stopped while submitting it",
                    task.id(), upstream.name());
            tasks.fail(task.id(), me, "submission_interrupted",
                    "The gateway was interrupted while submitting this video. Please create it again.");
            return;
        }
        if (task.tooOld()) {
            upstream.releaseSlots(1);
            tasks.fail(task.id(), me, "generation_timed_out",
                    "The video was not generated within " + settings.maxTaskAge().toMinutes() + " minutes.");
            return;
        }
        UpstreamVideo answer;
        try {
            answer = upstream.retrieveInSlot(task.upstreamVideoId());
        } catch (UpstreamFailure failure) {
            int failures = task.syncFailures() + 1;
            if (failure.kind() == UpstreamFailure.Kind.NOT_FOUND && failures >= LOST_AFTER_FAILURES) {
                log.warn("Upstream {} no longer knows task {} ({})", upstream.name(), task.id(), task.upstreamVideoId());
                tasks.fail(task.id(), me, "upstream_task_lost", "The video provider no longer knows this video.");
                return;
            }
            log.warn("Sync of {} failed ({} in a row): {}", task.id(), failures, failure.getMessage());
            tasks.recordFailure(task.id(), me, failure.getMessage(), pacing.afterFailure(failures), false);
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
        if (!tasks.recordAnswer(task.id(), settings.instanceId(), status, progress, completedAt, answer.expiresAt(),
                errorCode, errorMessage, next)) {
            tasks.release(task.id(), settings.instanceId()); // it ended meanwhile (deleted, or fixed by hand)
        }
    }

    private void deleteUpstreamCopy(Upstream upstream, LeasedTask task) {
        if (task.upstreamVideoId() == null) {
            upstream.releaseSlots(1);
            tasks.finishDeletion(task.id(), settings.instanceId(), false);
            return;
        }
        try {
            upstream.deleteInSlot(task.upstreamVideoId());
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
            tasks.recordFailure(task.id(), settings.instanceId(), failure.getMessage(), pacing.afterFailure(failures),
                    true);
        }
    }

    /** On shutdown: lease nothing more, let running syncs finish; unfinished leases simply run out. */
    @Override
    public synchronized void stop() {
        Run stopping = run;
        if (stopping == null) {
            return;
        }
        run = null;
        stopping.active().set(false);
        try {
            for (Thread dispatcher : stopping.dispatchers()) {
                LockSupport.unpark(dispatcher);
                dispatcher.join(java.time.Duration.ofSeconds(10)); // it may be handing out its last leases
            }
            stopping.workers().shutdown();
            if (!stopping.workers().awaitTermination(10, TimeUnit.SECONDS)) {
                stopping.workers().shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return run != null;
    }

    @Override
    public int getPhase() {
        // Stops before the web server and the database pool: syncs in flight finish while both still work.
        return SmartLifecycle.DEFAULT_PHASE + 100;
    }
}
