package com.videorelay.web;

/** {@code {"error":{"message","type","param","code"}}}: the only error body this service writes. */
public record ErrorEnvelope(ApiError error) {
}
