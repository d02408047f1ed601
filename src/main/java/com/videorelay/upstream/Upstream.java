package com.videorelay.upstream;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One configured upstream at run time: its client and its concurrency limits. Every call goes
 * through here so the limits hold for client creates and background syncs alike.
 */
public final class Upstream implements Closeable {

    private final UpstreamProperties settings;
    private final UpstreamClient client;
    private final Semaphore calls;
    private final Semaphore downloads;

    Upstream(UpstreamProperties settings, UpstreamClient client) {
        this.settings = settings;
        this.client = client;
        this.calls = new Semaphore(settings.maxConcurrency());
        this.downloads = new Semaphore(settings.maxDownloads());
    }

    public String name() {
        return settings.name();
    }

    /** The longest a create or remix call can take here: waiting for a slot, connecting, the call itself. */
    public java.time.Duration longestCall() {
        return settings.connectTimeout().multipliedBy(2).plus(settings.requestTimeout());
    }

    boolean serves(String model) {
        return settings.serves(model);
    }

    public UpstreamVideo create(NewVideo video) {
        return limited(() -> client.create(video));
    }

    public UpstreamVideo remix(String upstreamId, String prompt) {
        return limited(() -> client.remix(upstreamId, prompt));
    }


    /** See {@link UpstreamClient#download}. Refused as RATE_LIMITED when max-downloads are running. */
    public void download(String upstreamId, String variant, String range, String ifRange, ContentSink sink) {
        if (!acquire(downloads)) {
            throw UpstreamFailure.of(name(), UpstreamFailure.Kind.RATE_LIMITED,
                    "max-downloads (" + settings.maxDownloads() + ") reached");
        }
        try {
            client.download(upstreamId, variant, range, ifRange, sink::accept);
        } finally {
            downloads.release();
        }
    }

    /**
     * Takes up to {@code wanted} call slots for the background sync, leaving a quarter of
     * max-concurrency free for client creates and remixes. Each slot taken is given back by one
     * {@link #retrieveInSlot}, {@link #deleteInSlot} or {@link #releaseSlots} call.
     */
    public int reserveSyncSlots(int wanted) {
        int keepFree = settings.maxConcurrency() / 4;
        int taken = 0;
        while (taken < wanted && calls.availablePermits() > keepFree && calls.tryAcquire()) {
            taken++;
        }
        return taken;
    }

    public void releaseSlots(int slots) {
        calls.release(slots);
    }

    /** A retrieve in a slot {@link #reserveSyncSlots reserved} before; the slot is given back. */
    public UpstreamVideo retrieveInSlot(String upstreamId) {
        try {
            return client.retrieve(upstreamId);
        } finally {
            calls.release();
        }
    }

    /** A delete in a slot {@link #reserveSyncSlots reserved} before; the slot is given back. */
    public void deleteInSlot(String upstreamId) {
        try {
            client.delete(upstreamId);
        } finally {
            calls.release();
        }
    }

    /** The longest one call may take, connecting included: a sync lease must outlast it. */
    public java.time.Duration longestSyncCall() {
        return settings.connectTimeout().plus(settings.requestTimeout());
    }

    private <T> T limited(java.util.function.Supplier<T> call) {
        if (!acquire(calls)) {
            throw UpstreamFailure.of(name(), UpstreamFailure.Kind.RATE_LIMITED,
                    "max-concurrency (" + settings.maxConcurrency() + ") reached");
        }
        try {
            return call.get();
        } finally {
            calls.release();
        }
    }

    private boolean acquire(Semaphore limit) {
        try {
            return limit.tryAcquire(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Receives a download as it streams; see {@link UpstreamClient.ContentSink}. */
    @FunctionalInterface
    public interface ContentSink {
        void accept(int status, java.util.Map<String, String> headers, java.io.InputStream body) throws IOException;
    }

    /** Thrown by a {@link ContentSink} when writing to the client failed: the client hung up. */
    public static final class ClientGone extends RuntimeException {
        public ClientGone(IOException cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    @Override
    public String toString() {
        return settings.toString();
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
