package com.videorelay.auth;

import com.videorelay.web.ApiException;
import java.security.MessageDigest;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The admin credential for {@code /actuator/*} beyond health: {@code Authorization: Bearer <token>}.
 * Only the token's SHA-256 is kept, and a presented token is compared digest to digest in constant
 * time, so neither the comparison's duration nor a heap dump tells the token.
 */
@Component
@ConditionalOnWebApplication
class AdminToken {

    static final int MIN_LENGTH = 32;
    static final int MAX_LENGTH = 256;

    /** Null when no token is configured: then nobody gets in. */
    private final byte[] expectedDigest;

    AdminToken(AdminProperties properties) {
        String token = properties.token();
        if (token == null || token.isEmpty()) {
            expectedDigest = null;
            return;
        }
        // The message never repeats the value: it is a secret even when it is too short.
        if (token.length() < MIN_LENGTH || token.length() > MAX_LENGTH || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalStateException("VIDEORELAY_ADMIN_TOKEN (videorelay.admin.token) must be " + MIN_LENGTH
                    + " to " + MAX_LENGTH + " printable ASCII characters without spaces; the one configured has "
                    + token.length() + " characters. Generate one with: openssl rand -hex 32");
        }
        expectedDigest = Sha256.of(token);
    }

    /** Why the request may not pass, in the API's error terms; empty when it carries the token. */
    Optional<ApiException> refusal(String authorization) {
        if (expectedDigest == null) {
            return Optional.of(new ApiException(HttpStatus.FORBIDDEN, ApiException.INVALID_REQUEST,
                    "Only health is public on this gateway: set VIDEORELAY_ADMIN_TOKEN to open the other "
                            + "actuator endpoints.", null, "admin_token_not_configured"));
        }
        String token = BearerToken.from(authorization);
        if (token == null) {
            return Optional.of(new ApiException(HttpStatus.UNAUTHORIZED, ApiException.INVALID_REQUEST,
                    "This endpoint needs the admin token: send it in an Authorization header using Bearer auth "
                            + "(i.e. Authorization: Bearer $VIDEORELAY_ADMIN_TOKEN).", null, null, BearerToken.challenge()));
        }
        byte[] presented = Sha256.of(token);
        if (!MessageDigest.isEqual(presented, expectedDigest)) {
            return Optional.of(new ApiException(HttpStatus.UNAUTHORIZED, ApiException.INVALID_REQUEST,
                    "Incorrect admin token provided.", null, "invalid_admin_token", BearerToken.challenge()));
        }
        return Optional.empty();
    }


}
