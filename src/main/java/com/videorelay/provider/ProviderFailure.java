package com.videorelay.provider;

import java.time.Duration;

/**
 * A provider call that did not succeed, classified by what it proves. The classification, not the
 * HTTP status, decides what the gateway does next, so each adapter classifies by its provider's
 * documentation. The message is for logs and admins only: it never holds a credential.
 */
public class ProviderFailure extends RuntimeException {

    /** What the failure proves about the provider's side, and so what may follow. */
    public enum Outcome {
        /** The provider certainly did not create anything (refused before or without acting): another upstream may be tried. */
        NOT_CREATED,
        /** The request itself was refused (bad input, content policy): the client is told; no other upstream is tried. */
        REJECTED,
        /** The provider may have created the video (timeout or reset after sending, unreadable success): never tried elsewhere. */
        AMBIGUOUS,
        /** A read, delete or download that may work later (timeouts, 5xx, 429). */
        RETRYABLE,
        /** The provider does not know the task (any more). */
        GONE
    }

    /** What happened, for the client's status code and for admins. */
    public enum Reason {
        UNREACHABLE, TIMEOUT, RATE_LIMITED, SERVER_ERROR, MISCONFIGURED, BAD_REQUEST, MODERATION, NOT_FOUND,
        BAD_RESPONSE, BUSY
    }

    private final Outcome outcome;
    private final Reason reason;
    private final int httpStatus;
    private final String clientMessage;
    private final String param;
    private final String code;
    private final Duration retryAfter;

    private ProviderFailure(Builder builder) {
        super(builder.detail, null, false, false);
        this.outcome = builder.outcome;
        this.reason = builder.reason;
        this.httpStatus = builder.httpStatus;
        this.clientMessage = builder.clientMessage;
        this.param = builder.param;
        this.code = builder.code;
        this.retryAfter = builder.retryAfter;
    }

    public static Builder of(Outcome outcome, Reason reason, String detail) {
        return new Builder(outcome, reason, detail);
    }

    /** The request itself is refused before anything is sent: the client gets a 400 with this message. */
    public static ProviderFailure rejected(String message, String param, String code) {
        return of(Outcome.REJECTED, Reason.BAD_REQUEST, message).status(400).client(message, param, code).build();
    }

    /** A 2xx to a create without a usable id: the provider may have the video, so it is ambiguous. */
    public static ProviderFailure noUsableId(String upstream, int status) {
        return of(Outcome.AMBIGUOUS, Reason.BAD_RESPONSE, upstream + ": the create answer has no usable id").status(status).build();
    }

    /** Whether a provider's id for a new task is usable: present, and not absurdly long. */
    public static boolean usableId(String id) {
        return id != null && !id.isBlank() && id.length() <= 256;
    }

    public Outcome outcome() {
        return outcome;
    }

    public Reason reason() {
        return reason;
    }

    /** The provider's HTTP status, 0 when there was no answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** For {@link Outcome#REJECTED}: what the client is told; null means a generic sentence. */
    public String clientMessage() {
        return clientMessage;
    }

    public String param() {
        return param;
    }

    /** For {@link Outcome#REJECTED}: the OpenAI-style error code the client sees, e.g. moderation_blocked. */
    public String code() {
        return code;
    }

    /** The provider's Retry-After, if it sent one. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** This failure as it would be on a read rather than a submit: whatever was not proven final can be retried. */
    public ProviderFailure asRead() {
        if (outcome == Outcome.NOT_CREATED || outcome == Outcome.AMBIGUOUS) {
            return new Builder(Outcome.RETRYABLE, reason, getMessage()).status(httpStatus).retryAfter(retryAfter).build();
        }
        return this;
    }

    public static final class Builder {
        private final Outcome outcome;
        private final Reason reason;
        private final String detail;
        private int httpStatus;
        private String clientMessage;
        private String param;
        private String code;
        private Duration retryAfter;

        private Builder(Outcome outcome, Reason reason, String detail) {
            this.outcome = outcome;
            this.reason = reason;
            this.detail = detail;
        }

        public Builder status(int status) {
            this.httpStatus = status;
            return this;
        }

        /** What the client sees for a rejection: message, offending parameter, error code. */
        public Builder client(String message, String param, String code) {
            this.clientMessage = message;
            this.param = param;
            this.code = code;
            return this;
        }

        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        public ProviderFailure build() {
            return new ProviderFailure(this);
        }
    }
}
