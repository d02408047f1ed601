package com.videorelay.provider;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code videorelay.upstreams}: the provider accounts videos are relayed to, and
 * {@code videorelay.models}: changes to the model catalogue. Empty upstreams mean creates answer 503.
 */
@ConfigurationProperties("videorelay")
public record UpstreamsConfig(List<UpstreamProperties> upstreams, List<ModelSpec> models) {

    public UpstreamsConfig {
        upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
        models = models == null ? List.of() : List.copyOf(models);
        long distinct = upstreams.stream().map(UpstreamProperties::name).distinct().count();
        if (distinct != upstreams.size()) {
            throw new IllegalArgumentException("videorelay.upstreams: names must be unique");
        }
    }
}
