package com.videorelay.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {

    @Test
    void newKeysCarry256RandomBitsBehindTheirPrefix() {
        String key = ApiKeyFormat.newKey();

        assertThat(key).matches("sk-vr-[A-Za-z0-9_-]{43}");
        assertThat(ApiKeyFormat.newKey()).isNotEqualTo(key);
    }

    @Test
    void hashIsLowercaseHexSha256OfTheWholeKey() {
        // The FIPS 180-2 test vector; PostgreSQL's encode(sha256('abc'), 'hex') gives the same.
        assertThat(ApiKeyFormat.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void hintShowsFivePlusFourCharactersOnly() {
        assertThat(ApiKeyFormat.hint("sk-abcdefghijklmnopqrstuvwxyz")).isEqualTo("sk-ab…wxyz");
        assertThat(ApiKeyFormat.hint("sk-0123456789ab")).isEqualTo("…");
        assertThat(ApiKeyFormat.hint("")).isEqualTo("…");
    }
}
