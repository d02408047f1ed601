package com.videorelay.provider.kling;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Kling's API tokens: an HS256 JWT with {@code iss} = access key, {@code exp} = now + 30 min and
 * {@code nbf} = now - 5 s, signed with the secret key. One token is reused until five minutes before
 * it expires.
 */
final class KlingTokens {

    static final Duration LIFETIME = Duration.ofMinutes(30);
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private final String accessKey;
    private final MACSigner signer;
    private final Clock clock;
    private String token;
    private Instant expires = Instant.MIN;

    KlingTokens(String accessKey, String secretKey, Clock clock) {
        this.accessKey = accessKey;
        this.clock = clock;
        try {
            // HS256 takes keys of at least 256 bits; Kling's secret keys are 32 characters.
            this.signer = new MACSigner(secretKey.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("Kling secret-key must be at least 32 characters (HS256)");
        }
    }

    synchronized String current() {
        Instant now = clock.instant();
        if (token == null || now.isAfter(expires.minus(RENEW_BEFORE))) {
            expires = now.plus(LIFETIME);
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(accessKey)
                    .expirationTime(Date.from(expires))
                    .notBeforeTime(Date.from(now.minusSeconds(5)))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
            try {
                jwt.sign(signer);
            } catch (JOSEException e) {
                throw new IllegalStateException("Could not sign the Kling token", e);
            }
            token = jwt.serialize();
        }
        return token;
    }
}
