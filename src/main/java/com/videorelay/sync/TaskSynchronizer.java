package com.videorelay.sync;

import com.videorelay.provider.CallSlots;
import com.videorelay.provider.ProviderFailure;
import com.videorelay.provider.Reconciliation;
import com.videorelay.provider.TaskState;
import com.videorelay.provider.Upstream;
import com.videorelay.provider.UpstreamRegistry;
import com.videorelay.task.VideoStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Keeps relayed tasks up to date, so client polls never reach a provider, and finishes every task the
 * gateway started. Per upstream, a dispatcher (a virtual thread) takes free call slots, leases as many
 * due tasks, and works on each on its own virtual thread; a finished task wakes the dispatcher, so an
 * upstream is kept as busy as its slots allow. A heartbeat renews the leases of the tasks in work, so
 * leases can be short and a dead instance's tasks are taken over within one lease; a task whose lease
 * could not be renewed has its call aborted, so no two instances ever work on one task at once. A
 * janitor finishes the tasks of upstreams no longer configured. No task waits by sleeping: each one's
 * next sync time is a column.
 *
 * <p>Runs only in the server, not in admin commands. Any number of replicas may run it on one database.
 */
@Component
@ConditionalOnWebApplication
class TaskSynchronizer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskSynchronizer.class);

    private final UpstreamRegistry upstreams;
    private final SyncTaskRepository tasks;
    private final SyncProperties settings;
    private final SyncPacing pacing;
    private final AnswerBatches answers;
    /** The running threads and workers; null while stopped. Stop/start may repeat (test contexts are paused). */
    private volatile Run run;

    private record Run(ExecutorService workers, List<Thread> loops, AtomicBoolean active, Map<String, Thread> inFlight) {
    }

    TaskSynchronizer(UpstreamRegistry upstreams, SyncTaskRepository tasks, SyncProperties settings) {
        this.upstreams = upstreams;
        this.tasks = tasks;
        this.settings = settings;
        this.pacing = new SyncPacing(settings);
        this.answers = new AnswerBatches(tasks, settings.instanceId(), settings.batchSize());
    }

    @Override
    public synchronized void start() {
        if (!settings.enabled() || run != null) {
            return;
        }
        Run started = new Run(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("task-sync-", 0).factory()),
                new ArrayList<>(), new AtomicBoolean(true), new ConcurrentHashMap<>());
        for (Upstream upstream : upstreams.all()) {
            started.loops().add(loop("task-sync-" + upstream.name(), started, () -> dispatchOnce(upstream, started)));
        }
        started.loops().add(loop("task-sync-orphans", started, () -> finishOrphans(started)));
        started.loops().add(loop("task-sync-heartbeat", started, new Heartbeat(started)));
        run = started;
    }

    private Thread loop(String name, Run current, Runnable body) {
        return Thread.ofVirtual().name(name).start(() -> {
            while (current.active().get()) {
                try {
                    body.run();
                } catch (DataAccessException databaseDown) {
                    log.warn("{} paused: {}", name, databaseDown.getMostSpecificCause().toString());
                    LockSupport.parkNanos(settings.tick().toNanos());
                } catch (RuntimeException unexpected) {
                    // This loop must outlive any failure, and wait before retrying.
                    log.error("{} failed; retrying after a tick", name, unexpected);
                    LockSupport.parkNanos(settings.tick().toNanos());
                }
            }
        });
    }

    private void dispatchOnce(Upstream upstream, Run current) {
        Thread dispatcher = Thread.currentThread();
        List<CallSlots.Slot> slots = new ArrayList<>();
        int handedOver = 0;
        List<LeasedTask> due = List.of();
        try {
            while (slots.size() < settings.batchSize()) {
                Optional<CallSlots.Slot> slot = upstream.slots().tryAcquireForSync();
                if (slot.isEmpty()) {
                    break;
                }
                slots.add(slot.get());
            }
            if (!slots.isEmpty()) {
                due = tasks.leaseDue(upstream.name(), slots.size(), settings.instanceId(), settings.lease().toMillis(),
                        settings.maxTaskAge().toMillis());
            }
            for (LeasedTask task : due) {
                CallSlots.Slot slot = slots.get(handedOver);
                current.workers().execute(() -> work(current, task, () -> {
                    try (slot) {
                        sync(upstream, task);
                    }
                }, dispatcher));
                handedOver++;
            }
        } catch (RejectedExecutionException stopping) {
            // Stopping: the leases not handed over run out and another instance goes on.
            return;
        } finally {
            for (int i = handedOver; i < slots.size(); i++) {
                slots.get(i).close();
            }
        }
        if (due.size() < slots.size() || slots.isEmpty()) {
            // Nothing more is due, or every slot is busy: wait for a tick, or for a task to finish.
            LockSupport.parkNanos(settings.tick().toNanos());
        }
    }

    /** Runs one leased task's work, known to the heartbeat while it runs. */
    private void work(Run current, LeasedTask task, Runnable body, Thread dispatcher) {
        current.inFlight().put(task.id(), Thread.currentThread());
        try {
            body.run();
        } catch (RuntimeException unexpected) {
            // The lease runs out and the task is taken up again; nothing is lost.
            log.error("Sync of {} failed unexpectedly", task.id(), unexpected);
        } finally {
            current.inFlight().remove(task.id());
            Thread.interrupted();
            LockSupport.unpark(dispatcher); // a slot is free: lease the next due task now
        }
    }

    /** Syncs one leased task, in the call slot reserved for it. */
    void sync(Upstream upstream, LeasedTask task) {
        if (task.deleted()) {
            deleteUpstreamCopy(upstream, task);
        } else if (task.crashedWhileSubmitting()) {
            resolveInterruptedSubmission(upstream, task);
        } else if (task.unconfirmed()) {
            reconcile(upstream, task);
        } else if (task.upstreamVideoId() == null) {
            tasks.fail(task.id(), settings.instanceId(), "submission_interrupted",
                    "The gateway was interrupted while submitting this video. Please create it again.");
        } else if (task.tooOld()) {
            timedOut(task);
        } else {
            poll(upstream, task);
        }
    }

    private void poll(Upstream upstream, LeasedTask task) {
        String me = settings.instanceId();
        TaskState state;
        try {
            state = upstream.provider().read(task.upstreamVideoId());
        } catch (ProviderFailure failure) {
            int failures = task.syncFailures() + 1;
            if (failure.outcome() == ProviderFailure.Outcome.GONE && failures >= settings.lostAfterFailures()) {
                log.warn("Upstream {} no longer knows task {} ({})", upstream.name(), task.id(), task.upstreamVideoId());
                tasks.fail(task.id(), me, "upstream_task_lost", "The video provider no longer knows this video.");
                return;
            }
            log.warn("Sync of {} failed ({} in a row): {}", task.id(), failures, failure.getMessage());
            tasks.recordFailure(task.id(), me, failure.reason() + ": " + failure.getMessage(),
                    backoff(failures, failure.retryAfter()), false);
            return;
        }
        record(task, state, upstream);
    }

    private void record(LeasedTask task, TaskState state, Upstream upstream) {
        VideoStatus status = task.status().advancedTo(state.status());
        int reported = state.progress() != null ? Math.clamp(state.progress(), 0, 100) : estimate(status, task, upstream);
        int progress = Math.max(task.progress(), reported);
        Long completedAt = state.completedAt();
        Long expiresAt = state.expiresAt();
        String errorCode = null;
        String errorMessage = null;
        switch (status) {
            case COMPLETED -> {
                progress = 100;
                completedAt = completedAt != null ? completedAt : System.currentTimeMillis() / 1000;
                if (expiresAt == null && upstream.retention().isPresent()) {
                    expiresAt = completedAt + upstream.retention().get().toSeconds();
                }
            }
            case FAILED -> {
                errorCode = state.errorCode() != null ? state.errorCode() : "generation_failed";
                errorMessage = state.errorMessage();
            }
            default -> {
            }
        }
        boolean moved = status != task.status() || (state.progress() != null && progress != task.progress());
        Long next = status.isTerminal() ? null
                : pacing.afterAnswer(moved, state.pollAfterMs(), task.millisSinceLastSync());
        if (!answers.record(new Answer(task.id(), status, progress, completedAt,
                status == VideoStatus.COMPLETED ? expiresAt : null, errorCode, errorMessage, next, state.resultUrl()))) {
            tasks.release(task.id(), settings.instanceId()); // it ended meanwhile (deleted, or fixed by hand)
        }
    }

    /** For providers that report no progress: rises with time towards 95 over the typical generation time. */
    private static int estimate(VideoStatus status, LeasedTask task, Upstream upstream) {
        if (status != VideoStatus.IN_PROGRESS) {
            return 0;
        }
        long typical = Math.max(1, upstream.provider().typicalGeneration().toMillis());
        return (int) Math.min(95, 1 + task.millisSinceSubmit() * 94 / typical);
    }

    private void timedOut(LeasedTask task) {
        tasks.fail(task.id(), settings.instanceId(), "generation_timed_out",
                "The video was not generated within " + settings.maxTaskAge().toMinutes() + " minutes.");
    }

    /**
     * The instance that was submitting this task died before the client got its id. If a call was
     * sent and never answered, the provider may have made the video: ask it where it allows that, and
     * cancel the copy it made; the task itself is failed and stays invisible either way.
     */
    private void resolveInterruptedSubmission(Upstream upstream, LeasedTask task) {
        String me = settings.instanceId();
        if (task.acceptedUpstreamVideoId() != null) {
            log.warn("Submission {} was accepted by {} as {} but never recorded; cancelling that copy", task.id(),
                    upstream.name(), task.acceptedUpstreamVideoId());
            tasks.interrupt(task.id(), me, task.acceptedUpstreamVideoId());
            return;
        }
        if (!task.outcomeUnknown()) {
            tasks.interrupt(task.id(), me, null);
            return;
        }
        if (!upstream.provider().canReconcile()) {
            log.warn("Submission {} to {} was sent and never answered: it may exist at the provider", task.id(),
                    upstream.name());
            tasks.resolveAttempts(task.id(), "unknown", null, "no answer was recorded: the gateway stopped mid-call");
            tasks.interrupt(task.id(), me, null);
            return;
        }
        try {
            Optional<Reconciliation> answer = upstream.provider().reconcile(task.id());
            if (answer.isPresent() && answer.get().found()) {
                tasks.resolveAttempts(task.id(), "accepted", answer.get().providerTaskId(),
                        "found by reconciliation after the gateway stopped; cancelled at the provider");
                tasks.interrupt(task.id(), me, answer.get().providerTaskId());
            } else {
                tasks.resolveAttempts(task.id(), answer.isPresent() ? "not_created" : "unknown", null,
                        answer.isPresent() ? "reconciliation: the provider does not have it" : "could not reconcile");
                tasks.interrupt(task.id(), me, null);
            }
        } catch (ProviderFailure failure) {
            retryReconciliation(task, failure, () -> {
                tasks.resolveAttempts(task.id(), "unknown", null, "reconciliation kept failing: " + failure.getMessage());
                tasks.interrupt(task.id(), me, null);
            });
        }
    }

    /** A create whose outcome was ambiguous, shown to the client as queued: does the provider have it? */
    private void reconcile(Upstream upstream, LeasedTask task) {
        String me = settings.instanceId();
        try {
            Optional<Reconciliation> answer = upstream.provider().reconcile(task.id());
            if (answer.isPresent() && answer.get().found()) {
                tasks.resolveAttempts(task.id(), "accepted", answer.get().providerTaskId(), "confirmed by reconciliation");
                tasks.confirm(task.id(), me, answer.get().providerTaskId(), 0);
            } else if (answer.isPresent()) {
                tasks.resolveAttempts(task.id(), "not_created", null, "reconciliation: the provider does not have it");
                tasks.fail(task.id(), me, "upstream_error",
                        "The video provider did not create this video. Please create it again.");
            } else {
                tasks.fail(task.id(), me, "upstream_outcome_unknown", Submissions.OUTCOME_UNKNOWN_MESSAGE);
            }
        } catch (ProviderFailure failure) {
            retryReconciliation(task, failure, () ->
                    tasks.fail(task.id(), me, "upstream_outcome_unknown", Submissions.OUTCOME_UNKNOWN_MESSAGE));
        }
    }

    private void retryReconciliation(LeasedTask task, ProviderFailure failure, Runnable giveUp) {
        int failures = task.syncFailures() + 1;
        if (failures >= settings.lostAfterFailures() * 3 || task.tooOld()) {
            log.warn("Giving up reconciling {} after {} failures: {}", task.id(), failures, failure.getMessage());
            giveUp.run();
            return;
        }
        tasks.recordFailure(task.id(), settings.instanceId(), "reconciliation: " + failure.getMessage(),
                backoff(failures, failure.retryAfter()), false);
    }

    private void deleteUpstreamCopy(Upstream upstream, LeasedTask task) {
        String upstreamId = task.upstreamVideoId();
        if (upstreamId == null) {
            tasks.finishDeletion(task.id(), settings.instanceId(), false);
            return;
        }
        try {
            upstream.provider().delete(upstreamId);
            tasks.finishDeletion(task.id(), settings.instanceId(), true);
        } catch (ProviderFailure failure) {
            if (failure.outcome() == ProviderFailure.Outcome.GONE) {
                tasks.finishDeletion(task.id(), settings.instanceId(), true);
                return;
            }
            int failures = task.syncFailures() + 1;
            if (failures >= settings.maxDeleteAttempts()) {
                log.error("Giving up deleting {} ({}) at upstream {} after {} attempts: {}", task.id(), upstreamId,
                        upstream.name(), failures, failure.getMessage());
                tasks.finishDeletion(task.id(), settings.instanceId(), false);
                return;
            }
            log.warn("Deleting {} at upstream {} failed ({} in a row): {}", task.id(), upstream.name(), failures,
                    failure.getMessage());
            tasks.recordFailure(task.id(), settings.instanceId(), failure.reason() + ": " + failure.getMessage(),
                    backoff(failures, failure.retryAfter()), true);
        }
    }

    /**
     * Tasks whose upstream is no longer configured here: no dispatcher leases them. Another replica
     * may still have that upstream (a rolling deploy), and then its syncs keep them fresh; otherwise
     * they fail with upstream_removed once they have gone unsynced for the grace period.
     */
    private void finishOrphans(Run current) {
        List<LeasedTask> orphans = tasks.leaseOrphans(upstreams.names(), settings.batchSize(), settings.instanceId(),
                settings.lease().toMillis(), settings.maxTaskAge().toMillis());
        String me = settings.instanceId();
        for (LeasedTask task : orphans) {
            if (task.deleted()) {
                tasks.finishDeletion(task.id(), me, false);
            } else if (task.crashedWhileSubmitting()) {
                tasks.interrupt(task.id(), me, task.acceptedUpstreamVideoId());
            } else if (task.tooOld()) {
                timedOut(task);
            } else if (task.millisSinceLastSync() >= settings.removedUpstreamGrace().toMillis()) {
                log.warn("Task {} belongs to upstream {}, which is no longer configured", task.id(), task.upstreamName());
                tasks.fail(task.id(), me, "upstream_removed",
                        "The video provider of this video was removed from the gateway.");
            } else {
                long left = settings.removedUpstreamGrace().toMillis() - task.millisSinceLastSync();
                tasks.reschedule(task.id(), me, Math.max(settings.minInterval().toMillis(),
                        Math.min(left, settings.maxInterval().toMillis())));
            }
        }
        if (orphans.size() < settings.batchSize() && current.active().get()) {
            LockSupport.parkNanos(settings.tick().toNanos());
        }
    }

    /** After the n-th failure in a row, honouring the provider's Retry-After up to max-backoff. */
    private long backoff(int failures, Duration retryAfter) {
        long delay = pacing.afterFailure(failures);
        if (retryAfter != null) {
            delay = Math.min(Math.max(delay, retryAfter.toMillis()), settings.maxBackoff().toMillis());
        }
        return delay;
    }

    /**
     * Renews the leases of the tasks in work every quarter lease. A task whose lease another instance
     * took (this one was presumed dead) has its call aborted; if renewing keeps failing until the
     * leases may have run out, every call in flight is aborted, so two instances never work on one task.
     */
    private final class Heartbeat implements Runnable {

        private final Run current;
        private long lastRenewal = System.nanoTime();

        Heartbeat(Run current) {
            this.current = current;
        }

        @Override
        public void run() {
            LockSupport.parkNanos(settings.heartbeat().toNanos());
            Set<String> working = Set.copyOf(current.inFlight().keySet());
            long started = System.nanoTime();
            if (working.isEmpty()) {
                lastRenewal = started;
                return;
            }
            try {
                Set<String> takenOver = tasks.renew(working, settings.instanceId(), settings.lease().toMillis());
                lastRenewal = started;
                takenOver.forEach(id -> abort(id, "its lease was taken over"));
            } catch (DataAccessException databaseDown) {
                if (System.nanoTime() - lastRenewal > settings.lease().toNanos() * 3 / 4) {
                    working.forEach(id -> abort(id, "its lease could not be renewed"));
                }
                throw databaseDown;
            }
        }

        private void abort(String id, String why) {
            Thread worker = current.inFlight().get(id);
            if (worker != null) {
                log.warn("Aborting the sync of {}: {}", id, why);
                worker.interrupt();
            }
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
            for (Thread loop : stopping.loops()) {
                LockSupport.unpark(loop);
                loop.join(Duration.ofSeconds(10)); // it may be handing out its last leases
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
