package com.videorelay.video;

import com.videorelay.error.ApiException;
import com.videorelay.limits.CreateAdmission;
import com.videorelay.sync.SyncProperties;
import com.videorelay.upstream.NewVideo;
import com.videorelay.upstream.Upstream;
import com.videorelay.upstream.UpstreamErrors;
import com.videorelay.upstream.UpstreamFailure;
import com.videorelay.upstream.UpstreamRegistry;
import com.videorelay.upstream.UpstreamVideo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Creates and remixes: validate, write the task row, then hand it to an upstream.
 *
 * <p>The row comes first, so the gateway never has an upstream task it knows nothing of: while an
 * upstream is being called the row names it ({@code upstream_name}) but has no {@code upstream_video_id},
 * which keeps it invisible to clients. Accepted: the upstream id is recorded and the row becomes
 * visible before its id is returned. Refused by every upstream: the row is deleted and the client
 * gets the error. If the gateway dies in between, the row remains and the background sync marks it
 * failed ({@code submission_interrupted}) once its submission deadline has passed.
 */
@Service
class VideoCreationService {

    private static final Logger log = LoggerFactory.getLogger(VideoCreationService.class);
    private static final int MAX_PROMPT_LENGTH = 32000;

    private final VideoTaskRepository tasks;
    private final UpstreamRegistry upstreams;
    private final VideoProperties rules;
    private final SyncProperties sync;
    private final CreateAdmission admission;

    VideoCreationService(VideoTaskRepository tasks, UpstreamRegistry upstreams, VideoProperties rules,
                         SyncProperties sync, CreateAdmission admission) {
        this.admission = admission;
        this.tasks = tasks;
        this.upstreams = upstreams;
        this.rules = rules;
        this.sync = sync;
    }

    PolledVideo create(long projectId, CreateVideoRequest request) {
        String prompt = validPrompt(request.prompt());
        String model = request.model() == null || request.model().isBlank() ? rules.defaultModel() : request.model();
        String seconds = oneOf(request.seconds(), rules.allowedSeconds(), "seconds");
        String size = oneOf(request.size(), rules.allowedSizes(), "size");
        String imageUrl = null;
        String fileId = null;
        if (request.inputReference() != null) {
            imageUrl = blankToNull(request.inputReference().imageUrl());
            fileId = blankToNull(request.inputReference().fileId());
            if ((imageUrl == null) == (fileId == null) || request.upload() != null) {
                throw ApiException.invalidRequest("Invalid 'input_reference': provide exactly one of an uploaded file, "
                        + "'image_url' or 'file_id'.", "input_reference", "invalid_value");
            }
        }
        List<Upstream> candidates = candidatesFor(model);
        NewVideo video = new NewVideo(model, prompt, seconds, size, imageUrl, fileId, request.upload());

        String id = VideoIds.newId();
        admission.admit(projectId, Integer.parseInt(defaulted(seconds, "4")));
        tasks.insertSubmitting(id, projectId, model, prompt, defaulted(seconds, "4"), defaulted(size, "720x1280"),
                null, candidates.getFirst().name(), submissionDeadline(candidates));
        List<UpstreamFailure> failures = new ArrayList<>();
        for (Upstream upstream : candidates) {
            if (!failures.isEmpty()) {
                tasks.recordAttempt(id, upstream.name());
            }
            UpstreamVideo answer;
            try {
                answer = upstream.create(video);
            } catch (UpstreamFailure failure) {
                failures.add(failure);
                log.warn("Create {} not accepted: {}", id, failure.getMessage());
                if (!failure.kind().triesNextUpstream()) {
                    break;
                }
                continue;
            } catch (RuntimeException beforeAnyAnswer) {
                // Not the upstream's doing (e.g. the upload could not be read): nothing was created anywhere.
                tasks.forgetUnaccepted(id);
                throw beforeAnyAnswer;
            }
            return accepted(id, upstream, answer);
        }
        tasks.forgetUnaccepted(id);
        throw UpstreamErrors.afterAttempts(failures);
    }

    /** A new task on the source task's upstream (only it knows the source video), remixed_from_video_id set. */
    PolledVideo remix(long projectId, String sourceId, RemixVideoRequest request) {
        VideoTaskRepository.TaskSource source = tasks.findSource(sourceId, projectId)
                .filter(task -> !task.deleted()).orElseThrow(VideoService::notFound);
        String prompt = validPrompt(request == null ? null : request.prompt());
        if (source.status() != VideoStatus.COMPLETED) {
            throw ApiException.invalidRequest("Video " + sourceId + " cannot be remixed: its status is "
                    + source.status().value() + ", not completed.", null, "video_not_ready");
        }
        if (source.expired()) {
            throw ApiException.invalidRequest("Video " + sourceId + " cannot be remixed: it has expired.", null,
                    "video_expired");
        }
        if (source.upstreamVideoId() == null) {
            throw ApiException.invalidRequest("Video " + sourceId + " cannot be remixed: it was not generated by "
                    + "a video provider of this gateway.", null, "video_not_remixable");
        }
        Upstream upstream = upstreams.byName(source.upstreamName()).orElseThrow(() -> UpstreamErrors.unavailable(
                "The video provider of " + sourceId + " is no longer configured."));
        String id = VideoIds.newId();
        tasks.insertSubmitting(id, projectId, source.model(), prompt, source.seconds(), source.size(), sourceId,
                upstream.name(), submissionDeadline(List.of(upstream)));
        UpstreamVideo answer;
        try {
            answer = upstream.remix(source.upstreamVideoId(), prompt);
        } catch (UpstreamFailure failure) {
            log.warn("Remix {} of {} not accepted: {}", id, sourceId, failure.getMessage());
            tasks.forgetUnaccepted(id);
            if (failure.kind() == UpstreamFailure.Kind.NOT_FOUND) {
                throw ApiException.notFound("The video provider no longer has video " + sourceId + ".",
                        "video_content_unavailable");
            }
            // The provider's message may name its own id for the source: clients know it by ours.
            throw UpstreamErrors.afterAttempts(List.of(failure), source.upstreamVideoId(), sourceId);
        } catch (RuntimeException beforeAnyAnswer) {
            tasks.forgetUnaccepted(id);
            throw beforeAnyAnswer;
        }
        return accepted(id, upstream, answer);
    }

    private PolledVideo accepted(String id, Upstream upstream, UpstreamVideo answer) {
        VideoStatus status = VideoStatus.fromUpstream(answer.status()).orElseGet(() -> {
            log.warn("Upstream {} answered the create of {} with unknown status '{}'; showing it queued",
                    upstream.name(), id, answer.status());
            return VideoStatus.QUEUED;
        });
        int progress = answer.progress() == null ? 0 : Math.clamp(answer.progress(), 0, 100);
        long firstSync = answer.pollAfterMs() != null
                ? Math.clamp(answer.pollAfterMs(), sync.minInterval().toMillis(), sync.maxInterval().toMillis())
                : sync.minInterval().toMillis();
        java.util.Optional<PolledVideo> task;
        try {
            task = tasks.recordAccepted(id, upstream.name(), answer.id(), status, progress,
                    answer.seconds(), answer.size(),
                    status.isTerminal() ? answer.completedAt() : null,
                    status == VideoStatus.COMPLETED ? answer.expiresAt() : null,
                    status == VideoStatus.FAILED ? defaulted(answer.errorCode(), "generation_failed") : null,
                    status == VideoStatus.FAILED ? answer.errorMessage() : null, firstSync);
        } catch (RuntimeException databaseFailed) {
            // The upstream has the task, the database does not know its id: say so where admins look.
            log.error("Upstream {} accepted {} as {} but the task could not be recorded; its row keeps "
                    + "upstream_name and will be marked submission_interrupted", upstream.name(), id, answer.id());
            throw databaseFailed;
        }
        // Empty only if the sync already declared this submission dead (its deadline passed meanwhile).
        return task.orElseThrow(() -> {
            log.error("Upstream {} accepted {} as {} after the submission was marked interrupted",
                    upstream.name(), id, answer.id());
            return UpstreamErrors.unavailable("The video provider answered too late. Please retry your request.");
        });
    }

    private List<Upstream> candidatesFor(String model) {
        if (upstreams.all().isEmpty()) {
            throw UpstreamErrors.unavailable("No video provider is configured on this gateway.");
        }
        List<Upstream> candidates = upstreams.candidatesFor(model);
        if (candidates.isEmpty()) {
            throw ApiException.invalidRequest("Invalid value for 'model': '" + model + "'. Supported values are: "
                    + String.join(", ", upstreams.namedModels()) + ".", "model", "invalid_value");
        }
        return candidates;
    }

    /** Only once every attempt has had its full time can an unfinished submission be declared dead. */
    private long submissionDeadline(List<Upstream> attempts) {
        return attempts.stream().map(Upstream::longestCall).reduce(sync.submissionSlack(), Duration::plus).toMillis();
    }

    private static String validPrompt(String prompt) {
        if (prompt == null) {
            throw ApiException.invalidRequest("Missing required parameter: 'prompt'.", "prompt",
                    "missing_required_parameter");
        }
        if (prompt.isBlank()) {
            throw ApiException.invalidRequest("Invalid 'prompt': empty string. Expected a string with minimum length 1.",
                    "prompt", "empty_string");
        }
        if (prompt.length() > MAX_PROMPT_LENGTH) {
            throw ApiException.invalidRequest("Invalid 'prompt': string too long. Expected a string with maximum length "
                    + MAX_PROMPT_LENGTH + ", but got a string with length " + prompt.length() + " instead.",
                    "prompt", "string_above_max_length");
        }
        return prompt;
    }

    private static String oneOf(String value, List<String> allowed, String param) {
        if (value == null) {
            return null; // the upstream's default, which the accepted answer tells us
        }
        if (!allowed.contains(value)) {
            throw ApiException.invalidRequest("Invalid value for '" + param + "': '" + value
                    + "'. Supported values are: " + String.join(", ", allowed) + ".", param, "invalid_value");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String defaulted(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
