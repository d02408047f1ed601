package com.videorelay.limits;

/** A project's limits as they apply: its own values where set, the configured defaults elsewhere. */
public record ProjectLimits(int pollsPerSecond, int createsPerMinute, int maxUnfinishedTasks, int videoSecondsPerDay) {
}
