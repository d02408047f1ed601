package com.videorelay.video;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code videorelay.videos}: what a create may ask for. The defaults are OpenAI's; widen them when
 * your upstreams accept more (e.g. seconds 10 or 15), since the gateway refuses anything else with a 400.
 *
 * @param defaultModel   used when a create names no model
 * @param allowedSeconds values of {@code seconds} a create may send
 * @param allowedSizes   values of {@code size} a create may send
 */
@ConfigurationProperties("videorelay.videos")
public record VideoProperties(String defaultModel, List<String> allowedSeconds, List<String> allowedSizes) {

    public VideoProperties {
        defaultModel = defaultModel == null ? "sora-2" : defaultModel;
        allowedSeconds = allowedSeconds == null ? List.of("4", "8", "12") : List.copyOf(allowedSeconds);
        allowedSizes = allowedSizes == null ? List.of("720x1280", "1280x720", "1024x1792", "1792x1024")
                : List.copyOf(allowedSizes);
    }
}
