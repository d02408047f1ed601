package com.videorelay.upstream;

/**
 * An upstream call that did not succeed, classified by what the gateway does next: fail over to the
 * next upstream, pass the upstream's own 4xx to the client, or retry the sync later. Its message is
 * for logs only; it never names the credential.
 */
public class UpstreamFailure extends RuntimeException {

    public enum Kind {
        /** Connection refused, reset, DNS, an I/O error: the next upstream may do better. */
        UNREACHABLE,
        /** No answer within the timeout. The upstream may still have acted on a create. */
        TIMEOUT,
        /** 429, or this gateway's own concurrency limit for the upstream was reached. */
        RATE_LIMITED,
        /** 5xx. */
        SERVER_ERROR,
        /** 401/403: the gateway's credential for the upstream is wrong; the client can do nothing about it. */
        MISCONFIGURED,
        /** 404 on a task the upstream should know. */
        NOT_FOUND,
        /** Any other 4xx: the request itself was refused; shown to the client with the upstream's message. */
        REJECTED,
        /** A 2xx the gateway cannot read. */
        BAD_RESPONSE;

        /** Whether a create refused this way may be tried on the next eligible upstream. */
        public boolean triesNextUpstream() {
            return this != REJECTED;
        }
    }

    private final String upstream;
    private final Kind kind;
    private final int status;
    private final String upstreamMessage;
    private final String upstreamParam;
    private final String upstreamCode;

    UpstreamFailure(String upstream, Kind kind, int status, String detail, String upstreamMessage,
                    String upstreamParam, String upstreamCode) {
        super("Upstream " + upstream + ": " + kind + (status > 0 ? " (HTTP " + status + ")" : "") + ": " + detail,
                null, false, false);
        this.upstream = upstream;
        this.kind = kind;
        this.status = status;
        this.upstreamMessage = upstreamMessage;
        this.upstreamParam = upstreamParam;
        this.upstreamCode = upstreamCode;
    }

    static UpstreamFailure of(String upstream, Kind kind, String detail) {
        return new UpstreamFailure(upstream, kind, 0, detail, null, null, null);
    }

    public String upstream() {
        return upstream;
    }

    public Kind kind() {
        return kind;
    }

    /** The upstream's HTTP status, 0 when there was none. */
    public int status() {
        return status;
    }

    public String upstreamMessage() {
        return upstreamMessage;
    }

    public String upstreamParam() {
        return upstreamParam;
    }

    public String upstreamCode() {
        return upstreamCode;
    }
}
