package com.videorelay.sync;

import com.videorelay.video.VideoStatus;

/**
 * A task this instance holds the lease on, with what the sync needs to decide its next step.
 *
 * @param millisSinceLastSync since the last sync (or the submission), to pace a task that does not move
 */
record LeasedTask(String id, String upstreamVideoId, VideoStatus status, int progress, boolean deleted,
                  boolean tooOld, long millisSinceLastSync, int syncFailures) {
}
