package com.videorelay.auth;

import java.security.SecureRandom;
import java.util.Base64;

/** What keys look like, how they are hashed for storage, and how they are shown without being revealed. */
final class ApiKeyFormat {

    static final String PREFIX = "sk-vr-";

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyFormat() {
    }

    /** {@code sk-vr-} + 43 URL-safe characters: 256 random bits. */
    static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lowercase hex SHA-256 of the whole key as sent after "Bearer " (the {@code key_hash} column). */
    static String sha256Hex(String key) {
        return Sha256.hex(key);
    }

    /**
     * {@code sk-ab…wxyz}: enough to tell keys apart, never the key. Short strings show nothing, as
     * five plus four characters of them would be most of the secret.
     */
    static String hint(String key) {
        if (key.length() < 16) {
            return "…";
        }
        return key.substring(0, 5) + "…" + key.substring(key.length() - 4);
    }
}
