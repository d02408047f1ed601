package com.videorelay.sync;

import com.videorelay.provider.Submission;

/**
 * A video to submit, already validated: model, seconds and size are the values the provider will be
 * asked for (the client's, or the model's defaults).
 *
 * @param remixedFrom the source task's id for a remix, else null
 */
public record NewTask(long projectId, String model, String prompt, String seconds, String size,
                      Submission.Image image, String remixedFrom) {
}
