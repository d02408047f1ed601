package com.videorelay.video;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code videorelay.videos}: rules for creates that hold whatever the model. What each model accepts
 * ({@code seconds}, {@code size}) is in the model catalogue ({@code videorelay.models}).
 *
 * @param defaultModel    used when a create names no model
 * @param maxPromptLength longest prompt accepted, in characters
 */
@ConfigurationProperties("videorelay.videos")
public record VideoProperties(String defaultModel, Integer maxPromptLength) {

    public VideoProperties {
        defaultModel = defaultModel == null ? "sora-2" : defaultModel;
        maxPromptLength = maxPromptLength == null ? 32000 : maxPromptLength;
    }
}
