package com.videorelay.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A simulated job, carried entirely in its id: when it started, how long it takes, whether it fails,
 * and what was asked. The simulator keeps no state, so any gateway replica's simulator answers for
 * any job, and a restart loses nothing.
 */
record SimulatedVideo(long createdMillis, long durationMillis, boolean fails, String model, String seconds,
                      String size) {

    private static final String PREFIX = "sim_";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    String id() {
        String nonce = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String payload = String.join("|", "1", Long.toString(createdMillis), Long.toString(durationMillis),
                fails ? "f" : "o", model, seconds, size, nonce);
        return PREFIX + ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<SimulatedVideo> fromId(String id) {
        if (id == null || !id.startsWith(PREFIX) || id.length() > 1024) {
            return Optional.empty();
        }
        try {
            String[] parts = new String(DECODER.decode(id.substring(PREFIX.length())), StandardCharsets.UTF_8)
                    .split("\\|", -1);
            if (parts.length != 8 || !parts[0].equals("1")) {
                return Optional.empty();
            }
            return Optional.of(new SimulatedVideo(Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                    parts[3].equals("f"), parts[4], parts[5], parts[6]));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /** Queued for the first tenth, then in progress; a failing job fails at half time. */
    String statusAt(long nowMillis) {
        long elapsed = nowMillis - createdMillis;
        if (fails && elapsed >= durationMillis / 2) {
            return "failed";
        }
        if (elapsed >= durationMillis) {
            return "completed";
        }
        return elapsed < durationMillis / 10 ? "queued" : "in_progress";
    }

    int progressAt(long nowMillis) {
        return switch (statusAt(nowMillis)) {
            case "completed" -> 100;
            case "queued" -> 0;
            default -> (int) Math.min(99, Math.max(0, (nowMillis - createdMillis) * 100 / Math.max(1, durationMillis)));
        };
    }

    long finishedMillis() {
        return createdMillis + (fails ? durationMillis / 2 : durationMillis);
    }
}
