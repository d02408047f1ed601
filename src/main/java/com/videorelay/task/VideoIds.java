package com.videorelay.task;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Video ids: the shape the gateway mints, and the shape it accepts before asking the database. */
public final class VideoIds {

    public static final int MAX_LENGTH = 128;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private VideoIds() {
    }

    /** {@code video_} + 32 lowercase hex characters (128 random bits), like OpenAI's ids. */
    public static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "video_" + HEX.formatHex(bytes);
    }

    /** 1 to 128 characters of {@code [A-Za-z0-9_-]}; the same rule as the video_tasks id check constraint. */
    public static boolean isWellFormed(String id) {
        int length = id.length();
        if (length == 0 || length > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
