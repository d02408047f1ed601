package com.videorelay.sync;

import com.videorelay.web.ApiException;
import com.videorelay.provider.CallSlots;
import com.videorelay.task.VideoIds;
import com.videorelay.provider.ProviderFailure;
import com.videorelay.provider.Submission;
import com.videorelay.provider.Upstream;
import com.videorelay.provider.UpstreamErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Hands a new video to a provider, at most once. The client waits for the outcome, because a
 * refusal (bad input, content policy) must be a synchronous 4xx as on OpenAI, and because a client
 * told "error" retries, so a background retry would make a second paid video.
 *
 * <ol>
 * <li>The task row is written first, invisible to clients, with a deadline after which the sync
 *     declares it interrupted if this instance dies meanwhile.</li>
 * <li>Each call is recorded in {@code video_task_attempts} before it is sent.</li>
 * <li>Only an outcome that proves nothing was created ({@link ProviderFailure.Outcome#NOT_CREATED})
 *     moves on to the next upstream. A rejection ends the create with the provider's 4xx.</li>
 * <li>An ambiguous outcome (timeout or reset after sending, an unreadable success) never moves on.
 *     The client gets the task (200): queued while the sync asks the provider whether it has the video,
 *     where the provider allows that, or failed with {@code upstream_outcome_unknown} at once.</li>
 * </ol>
 * No row is deleted once a call was sent; refused tasks stay for admins, invisible to clients.
 */
@Service
public class Submissions {

    private static final Logger log = LoggerFactory.getLogger(Submissions.class);
    static final String OUTCOME_UNKNOWN_MESSAGE = "The video provider did not confirm whether it accepted this video, "
            + "so the gateway stopped rather than risk a second charge. Please create it again.";

    private final SubmissionRepository tasks;
    private final SyncProperties sync;

    Submissions(SubmissionRepository tasks, SyncProperties sync) {
        this.tasks = tasks;
        this.sync = sync;
    }

    /** Submits to the first candidate that takes it; returns the new task's id, or throws the client's error. */
    public String create(NewTask task, List<Upstream> candidates, BiFunction<Upstream, String, Submission> request) {
        return submit(task, candidates, "create", (upstream, id) -> upstream.provider().submit(request.apply(upstream, id)));
    }

    /** A remix on the source's own upstream (only it knows the source video). */
    public String remix(NewTask task, Upstream upstream, String sourceProviderTaskId, Submission request) {
        return submit(task, List.of(upstream), "remix",
                (u, id) -> u.provider().remix(sourceProviderTaskId, withId(request, id)));
    }

    private static Submission withId(Submission request, String id) {
        return new Submission(id, request.providerModel(), request.prompt(), request.seconds(), request.size(),
                request.image());
    }

    @FunctionalInterface
    private interface Call {
        String send(Upstream upstream, String gatewayId);
    }

    private String submit(NewTask task, List<Upstream> candidates, String purpose, Call call) {
        String id = VideoIds.newId();
        tasks.insertSubmitting(id, task, candidates.getFirst().name(), deadline(candidates).toMillis());
        List<ProviderFailure> refusals = new ArrayList<>();
        for (Upstream upstream : candidates) {
            Optional<CallSlots.Slot> slot = upstream.slots().acquire(upstream.slotWait());
            if (slot.isEmpty()) {
                // Nothing was sent: as good as a 429 from the provider.
                refusals.add(ProviderFailure.of(ProviderFailure.Outcome.NOT_CREATED, ProviderFailure.Reason.BUSY,
                        upstream.name() + ": max-concurrency reached").build());
                continue;
            }
            try (CallSlots.Slot ignored = slot.get()) {
                long attempt = tasks.startAttempt(id, upstream.name(), purpose);
                String providerTaskId;
                try {
                    providerTaskId = call.send(upstream, id);
                } catch (ProviderFailure failure) {
                    log.warn("{} {} at upstream {}: {}", purpose, id, upstream.name(), failure.getMessage());
                    switch (failure.outcome()) {
                        case NOT_CREATED -> {
                            tasks.finishAttempt(attempt, "not_created", status(failure), null, failure.getMessage());
                            refusals.add(failure);
                            continue;
                        }
                        case REJECTED -> {
                            tasks.finishAttempt(attempt, "rejected", status(failure), null, failure.getMessage());
                            ApiException rejected = UpstreamErrors.rejected(failure);
                            tasks.refuse(id, "upstream_rejected", rejected.getMessage());
                            throw rejected;
                        }
                        default -> {
                            tasks.finishAttempt(attempt, "unknown", status(failure), null, failure.getMessage());
                            return unconfirmed(id, upstream);
                        }
                    }
                } catch (RuntimeException unexpected) {
                    // Not classified by the adapter: the call may have gone out, so treat it as ambiguous.
                    log.error("{} {} at upstream {} failed unexpectedly", purpose, id, upstream.name(), unexpected);
                    tasks.finishAttempt(attempt, "unknown", null, null, "unexpected: " + unexpected);
                    return unconfirmed(id, upstream);
                }
                accepted(id, upstream, attempt, providerTaskId);
                return id;
            }
        }
        ApiException error = task.remixedFrom() != null && refusals.size() == 1 && refusals.getFirst().httpStatus() == 404
                ? ApiException.notFound("The video provider no longer has video " + task.remixedFrom() + ".",
                "video_content_unavailable")
                : UpstreamErrors.notCreated(refusals);
        tasks.refuse(id, "upstream_unavailable", error.getMessage());
        throw error;
    }

    private void accepted(String id, Upstream upstream, long attempt, String providerTaskId) {
        try {
            tasks.finishAttempt(attempt, "accepted", null, providerTaskId, null);
            if (tasks.accept(id, upstream.name(), providerTaskId, sync.minInterval().toMillis())) {
                return;
            }
        } catch (RuntimeException databaseFailed) {
            // The provider has the task; the row keeps its attempt, and the sync marks it interrupted.
            log.error("Upstream {} accepted {} as {} but it could not be recorded", upstream.name(), id, providerTaskId);
            throw databaseFailed;
        }
        log.error("Upstream {} accepted {} as {} after the submission was marked interrupted", upstream.name(), id,
                providerTaskId);
        throw UpstreamErrors.unavailable("The video provider answered too late. Please retry your request.");
    }

    private String unconfirmed(String id, Upstream upstream) {
        boolean canReconcile = upstream.provider().canReconcile();
        if (!tasks.unconfirmed(id, canReconcile ? sync.minInterval().toMillis() : null, OUTCOME_UNKNOWN_MESSAGE)) {
            throw UpstreamErrors.unavailable("The video provider answered too late. Please retry your request.");
        }
        return id;
    }

    /** Only once every candidate has had its full time can an unfinished submission be declared dead. */
    private Duration deadline(List<Upstream> candidates) {
        return candidates.stream().map(Upstream::longestCall).reduce(sync.submissionSlack(), Duration::plus);
    }

    private static Integer status(ProviderFailure failure) {
        return failure.httpStatus() == 0 ? null : failure.httpStatus();
    }
}
