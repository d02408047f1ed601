package com.videorelay.provider;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one owner of an upstream's concurrency permits. A permit is only ever handed out as a
 * {@link Slot}, which gives it back exactly once when closed, so acquire and release pair up by
 * construction (try-with-resources), whatever path the caller leaves by.
 */
public final class CallSlots {

    private final Semaphore permits;
    private final int size;
    private final int reserve;

    /** @param reserve permits the background sync leaves free for client requests */
    public CallSlots(int size, int reserve) {
        if (size < 1 || reserve < 0 || reserve >= size) {
            throw new IllegalArgumentException("slots " + size + " with reserve " + reserve);
        }
        this.permits = new Semaphore(size);
        this.size = size;
        this.reserve = reserve;
    }

    /** A slot for a client request, waiting up to {@code wait}; empty if none freed up. */
    public Optional<Slot> acquire(Duration wait) {
        try {
            return permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(new Slot()) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A slot for the background sync, if one is free beyond the reserve; never waits. */
    public Optional<Slot> tryAcquireForSync() {
        while (true) {
            int free = permits.availablePermits();
            if (free <= reserve) {
                return Optional.empty();
            }
            if (permits.tryAcquire()) {
                return Optional.of(new Slot());
            }
        }
    }

    public int available() {
        return permits.availablePermits();
    }

    public int size() {
        return size;
    }

    /** One permit; closing it gives the permit back, a second close does nothing. */
    public final class Slot implements AutoCloseable {

        private final AtomicBoolean open = new AtomicBoolean(true);

        private Slot() {
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                permits.release();
            }
        }
    }
}
