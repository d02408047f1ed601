package com.videorelay.provider;

/**
 * The answer to "did you create the video the gateway calls {@code gatewayId}?" after an ambiguous
 * submission: {@code providerTaskId} is set when it did, null when it certainly did not.
 */
public record Reconciliation(String providerTaskId) {

    public static Reconciliation found(String providerTaskId) {
        return new Reconciliation(providerTaskId);
    }

    public static Reconciliation absent() {
        return new Reconciliation(null);
    }

    public boolean found() {
        return providerTaskId != null;
    }
}
