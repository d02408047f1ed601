package com.videorelay.sync;

import com.videorelay.task.VideoStatus;

/**
 * What an upstream said about one leased task, as the sync writes it to video_tasks.
 *
 * @param completedAt      epoch seconds, or null to keep the column as it is
 * @param expiresAt        epoch seconds, or null to keep the column as it is
 * @param nextSyncInMillis when to ask again, or null for a task that has ended
 * @param resultUrl        where the provider keeps the video, or null to keep the column as it is
 */
record Answer(String taskId, VideoStatus status, int progress, Long completedAt, Long expiresAt, String errorCode,
              String errorMessage, Long nextSyncInMillis, String resultUrl) {
}
