package com.videorelay.upstream;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code videorelay.upstreams}: the providers tasks are relayed to. Empty means creates answer 503. */
@ConfigurationProperties("videorelay")
public record UpstreamsConfig(List<UpstreamProperties> upstreams) {

    public UpstreamsConfig {
        upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
        long distinct = upstreams.stream().map(UpstreamProperties::name).distinct().count();
        if (distinct != upstreams.size()) {
            throw new IllegalArgumentException("videorelay.upstreams: names must be unique");
        }
    }
}
