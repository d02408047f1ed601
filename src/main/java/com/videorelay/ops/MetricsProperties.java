package com.videorelay.ops;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code videorelay.metrics.*}.
 *
 * @param taskCountsRefresh how often the {@code videorelay_tasks} gauges are recounted from the database
 */
@ConfigurationProperties("videorelay.metrics")
public record MetricsProperties(@DefaultValue("15s") Duration taskCountsRefresh) {
}
