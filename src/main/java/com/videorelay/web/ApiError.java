package com.videorelay.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The inner object of OpenAI's error envelope; all four keys are always written, null or not. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"message", "type", "param", "code"})
public record ApiError(String message, String type, String param, String code) {
}
