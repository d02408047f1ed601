package com.videorelay.limits;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code videorelay.limits.*}: the limits of every project that has no value of its own in
 * {@code project_limits} (set with {@code limits set}).
 *
 * @param pollsPerSecond     GET requests under /v1/videos per second and project, per replica
 * @param createsPerMinute   creates per minute and project, across replicas (remixes are not counted)
 * @param maxUnfinishedTasks queued or in-progress tasks a project may have at once
 * @param videoSecondsPerDay seconds of video a project may request per UTC day, across replicas
 * @param cacheTtl           how long a replica keeps a project's limits before reading them again:
 *                           a change made with {@code limits set} applies within it
 */
@ConfigurationProperties("videorelay.limits")
public record LimitsProperties(@DefaultValue("20") int pollsPerSecond,
                               @DefaultValue("60") int createsPerMinute,
                               @DefaultValue("100") int maxUnfinishedTasks,
                               @DefaultValue("7200") int videoSecondsPerDay,
                               @DefaultValue("10s") Duration cacheTtl) {
}
