package com.videorelay.provider;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * One configured upstream at run time: its settings, its adapter, and its limits. Call slots are
 * shared by client requests and the background sync ({@link CallSlots}); downloads have their own.
 */
public final class Upstream implements Closeable {

    private final UpstreamProperties settings;
    private final VideoProvider provider;
    private final ProviderHttp http;
    private final CallSlots slots;
    private final Semaphore downloads;
    private final java.util.List<ModelSpec> builtInModels;

    Upstream(UpstreamProperties settings, VideoProvider provider, ProviderHttp http,
             java.util.List<ModelSpec> builtInModels) {
        this.settings = settings;
        this.provider = provider;
        this.http = http;
        this.builtInModels = builtInModels;
        this.slots = new CallSlots(settings.maxConcurrency(), settings.clientReserve());
        this.downloads = new Semaphore(settings.maxDownloads());
    }

    public String name() {
        return settings.name();
    }

    public String kind() {
        return settings.kind();
    }

    public UpstreamProperties settings() {
        return settings;
    }

    public VideoProvider provider() {
        return provider;
    }

    public CallSlots slots() {
        return slots;
    }

    /** The provider's model id for a client-facing model. */
    public String providerModel(String model) {
        return settings.providerModel(model);
    }

    /** How long the provider keeps finished videos, if the gateway must say (see {@link VideoProviderFactory#defaultRetention()}). */
    public Optional<Duration> retention() {
        return Optional.ofNullable(settings.retention());
    }

    /** The longest one call may take: waiting for a slot, connecting, the call itself. */
    public Duration longestCall() {
        return settings.connectTimeout().multipliedBy(2).plus(settings.requestTimeout());
    }

    /** How long a client request waits for a free call slot. */
    public Duration slotWait() {
        return settings.connectTimeout();
    }

    java.util.List<ModelSpec> builtInModels() {
        return builtInModels;
    }

    boolean serves(String model) {
        if (settings.models().isEmpty()) {
            return builtInModels.stream().anyMatch(spec -> spec.name().equals(model));
        }
        return settings.models().contains(model) || settings.models().contains("*");
    }

    /** The client-facing models this upstream names (not counting {@code *}). */
    java.util.List<String> namedModels() {
        if (settings.models().isEmpty()) {
            return builtInModels.stream().map(ModelSpec::name).toList();
        }
        return settings.models().stream().filter(m -> !m.equals("*")).toList();
    }

    /**
     * Streams an asset, within this upstream's download limit. Refused as RETRYABLE when
     * max-downloads are running. See {@link ProviderHttp#stream}.
     */
    public void download(ContentSource source, String range, String ifRange, ProviderHttp.ContentSink sink) {
        if (!downloads.tryAcquire()) {
            throw ProviderFailure.of(ProviderFailure.Outcome.RETRYABLE, ProviderFailure.Reason.BUSY,
                    name() + ": max-downloads (" + settings.maxDownloads() + ") reached").build();
        }
        try {
            http.stream(source, range, ifRange, sink);
        } finally {
            downloads.release();
        }
    }

    @Override
    public String toString() {
        return settings.toString();
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
