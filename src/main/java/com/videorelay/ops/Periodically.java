package com.videorelay.ops;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One background task on its own thread, repeated with a fixed delay between runs. The operations
 * checks that query the database run here rather than on the application's shared scheduler, so a
 * database that hangs can only delay them, never another feature's scheduled jobs.
 */
final class Periodically implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Periodically.class);

    private final ScheduledExecutorService executor;

    private Periodically(String name, Duration delay, Runnable task) {
        this.executor = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name(name).factory());
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException unexpected) {
                // A task that throws would never run again: log it and keep the schedule.
                log.error("Background task {} failed", name, unexpected);
            }
        }, delay.toMillis(), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} every {@code delay} after the previous run ended, starting one delay from now. */
    static Periodically run(String name, Duration delay, Runnable task) {
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("The interval of " + name + " must be positive, not " + delay + ".");
        }
        return new Periodically(name, delay, task);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
