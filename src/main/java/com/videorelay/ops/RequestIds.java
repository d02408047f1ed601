package com.videorelay.ops;

import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids in OpenAI's shape ({@code req_} + 32 hex), also the MDC keys every log line can carry. */
public final class RequestIds {

    public static final String HEADER = "x-request-id";
    public static final String ATTRIBUTE = RequestIds.class.getName();
    public static final String MDC_REQUEST_ID = "request_id";
    public static final String MDC_PROJECT_ID = "project_id";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {
    }

    /** Not a secret, so a fast thread-local source is enough; no lock on the hot path. */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[36];
        "req_".getChars(0, 4, id, 0);
        long high = random.nextLong();
        long low = random.nextLong();
        for (int i = 0; i < 16; i++) {
            id[4 + i] = HEX[(int) (high >>> (60 - 4 * i)) & 0xf];
            id[20 + i] = HEX[(int) (low >>> (60 - 4 * i)) & 0xf];
        }
        return new String(id);
    }

    /** The id of the request being served, or {@code "unknown"} outside one. */
    public static String of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof String id ? id : "unknown";
    }
}
