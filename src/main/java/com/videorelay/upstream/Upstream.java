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

    public UpstreamVideo retrieve(String upstreamId) {
        return limited(() -> client.retrieve(upstreamId));
    }

    public void delete(String upstreamId) {
        limited(() -> {
            client.delete(upstreamId);
            return null;
        });
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

    /** How many more calls may start now: the background sync leases no more tasks than this. */
    public int idleCallSlots() {
        return calls.availablePermits();
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
