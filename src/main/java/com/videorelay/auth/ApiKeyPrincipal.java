package com.videorelay.auth;

/** Who is calling: the key that authenticated the request and the project it belongs to. */
public record ApiKeyPrincipal(long keyId, long projectId) {
}
