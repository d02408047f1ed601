package com.videorelay.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * One provider's native video API, seen through OpenAI's terms. An adapter is created per configured
 * upstream and does only the translation: the sync, the leases, failover, permits and the client API
 * are the same for every provider. Every failure comes out as a {@link ProviderFailure} whose outcome
 * the adapter decides from its provider's documentation.
 */
public interface VideoProvider {

    /**
     * Asks the provider to generate a video. Returns the provider's id for the new task.
     *
     * @throws ProviderFailure NOT_CREATED, REJECTED or AMBIGUOUS
     */
    String submit(Submission submission);

    /** The task's state. @throws ProviderFailure RETRYABLE or GONE */
    TaskState read(String providerTaskId);

    /**
     * After an ambiguous submission: whether the provider created the video the gateway calls
     * {@code gatewayId}. Empty if the provider offers no way to tell (no client-chosen id, no listing).
     *
     * @throws ProviderFailure RETRYABLE
     */
    default Optional<Reconciliation> reconcile(String gatewayId) {
        return Optional.empty();
    }

    /** Whether {@link #reconcile} can ever answer. */
    default boolean canReconcile() {
        return false;
    }

    /**
     * Where to download {@code variant} (video, thumbnail, spritesheet) of a completed task. Empty if
     * the provider has no such asset. {@code resultUrl} is the address the last read gave, if any.
     */
    Optional<ContentSource> content(String providerTaskId, String variant, String resultUrl);

    /** Cancels the task, or deletes it once finished. A task the provider no longer knows counts as done. */
    void delete(String providerTaskId);

    /** Whether {@link #remix} is supported. */
    default boolean canRemix() {
        return false;
    }

    /** A new video from a finished one and a new prompt. @throws ProviderFailure as {@link #submit} */
    default String remix(String sourceProviderTaskId, Submission submission) {
        throw new UnsupportedOperationException("remix");
    }

    /** How long a generation typically takes, to estimate progress for providers that report none. */
    default Duration typicalGeneration() {
        return Duration.ofSeconds(90);
    }
}
