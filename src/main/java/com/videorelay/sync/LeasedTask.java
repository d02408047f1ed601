package com.videorelay.sync;

import com.videorelay.task.VideoStatus;

/**
 * A task this instance holds the lease on, with what the sync needs to decide its next step.
 *
 * @param submissionState     video_tasks.submission_state
 * @param millisSinceLastSync since the last sync (or the submission), to pace a task that does not move
 * @param millisSinceSubmit   since the provider accepted it, to estimate progress providers do not report
 * @param outcomeUnknown      an attempt to submit it was sent and never answered (the instance died)
 * @param acceptedUpstreamVideoId the provider's id from an accepted attempt, even if the task row never got it
 */
record LeasedTask(String id, String upstreamName, String upstreamVideoId, VideoStatus status, int progress,
                  boolean deleted, String submissionState, boolean tooOld, long millisSinceLastSync,
                  long millisSinceSubmit, int syncFailures, boolean outcomeUnknown,
                  String acceptedUpstreamVideoId) {

    boolean crashedWhileSubmitting() {
        return "submitting".equals(submissionState);
    }

    boolean unconfirmed() {
        return "unconfirmed".equals(submissionState) && upstreamVideoId == null;
    }
}
