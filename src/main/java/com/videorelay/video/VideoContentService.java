package com.videorelay.video;

import com.videorelay.web.ApiException;
import com.videorelay.provider.ContentSource;
import com.videorelay.provider.ProviderFailure;
import com.videorelay.provider.ProviderHttp;
import com.videorelay.provider.TaskState;
import com.videorelay.provider.Upstream;
import com.videorelay.provider.UpstreamErrors;
import com.videorelay.provider.UpstreamRegistry;
import com.videorelay.task.VideoStatus;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Downloads: checks the task here, then streams the asset from its provider straight to the client;
 * the gateway never holds a whole video in memory. A provider address that has expired is renewed by
 * reading the task again. {@code Range} is checked here (RFC 9110): a malformed one is ignored (the
 * whole file, 200), an unsatisfiable one is a 416 envelope with {@code Content-Range: bytes *}{@code /size}.
 */
@Service
class VideoContentService {

    static final Set<String> VARIANTS = Set.of("video", "thumbnail", "spritesheet");
    /** One range: first-last, first-, or -suffix. Several ranges are answered as if none were asked. */
    private static final Pattern ONE_RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{0,18})|bytes=-(\\d{1,18})");

    private final VideoTaskRepository tasks;
    private final UpstreamRegistry upstreams;

    VideoContentService(VideoTaskRepository tasks, UpstreamRegistry upstreams) {
        this.tasks = tasks;
        this.upstreams = upstreams;
    }

    void stream(long projectId, String videoId, String variant, String range, String ifRange,
                ProviderHttp.ContentSink sink) {
        String asset = variant == null ? "video" : variant;
        if (!VARIANTS.contains(asset)) {
            throw ApiException.invalidRequest("Invalid value for 'variant': '" + asset
                    + "'. Supported values are: video, thumbnail, spritesheet.", "variant", "invalid_value");
        }
        VideoTaskRepository.TaskSource task = tasks.findSource(videoId, projectId).orElseThrow(VideoService::notFound);
        if (task.deleted()) {
            throw ApiException.notFound("Video " + videoId + " was deleted; its content is gone.", "video_deleted");
        }
        if (task.status() != VideoStatus.COMPLETED) {
            throw ApiException.notFound("Video " + videoId + " has no content: its status is "
                    + task.status().value() + ", not completed.", "video_not_ready");
        }
        if (task.expired()) {
            throw ApiException.notFound("The content of video " + videoId + " has expired.", "video_expired");
        }
        Upstream upstream = task.upstreamVideoId() == null ? null : upstreams.byName(task.upstreamName()).orElse(null);
        if (upstream == null) {
            throw unavailable(videoId);
        }
        String validRange = validRange(range);
        ProviderHttp.ContentSink checked = (status, headers, body) -> {
            if (status == 416) {
                throw unsatisfiable(headers.get("Content-Range"));
            }
            sink.accept(status, headers, body);
        };
        try {
            ContentSource source = source(upstream, task, asset, videoId, task.resultUrl());
            try {
                upstream.download(source, validRange, validRange == null ? null : ifRange, checked);
            } catch (ProviderHttp.ContentExpired expired) {
                TaskState fresh = upstream.provider().read(task.upstreamVideoId());
                if (fresh.resultUrl() == null) {
                    throw unavailable(videoId);
                }
                tasks.updateResultUrl(videoId, fresh.resultUrl());
                upstream.download(source(upstream, task, asset, videoId, fresh.resultUrl()), validRange,
                        validRange == null ? null : ifRange, checked);
            }
        } catch (ProviderHttp.ContentExpired stillExpired) {
            throw unavailable(videoId);
        } catch (ProviderFailure failure) {
            if (failure.outcome() == ProviderFailure.Outcome.GONE) {
                throw unavailable(videoId);
            }
            throw UpstreamErrors.unavailable("The video provider could not deliver the content. Please retry shortly.");
        }
    }

    private static ContentSource source(Upstream upstream, VideoTaskRepository.TaskSource task, String asset,
                                        String videoId, String resultUrl) {
        Optional<ContentSource> source = upstream.provider().content(task.upstreamVideoId(), asset, resultUrl);
        return source.orElseThrow(() -> ApiException.notFound("Video " + videoId + " has no " + asset
                + ": its video provider does not make one.", "variant_not_available"));
    }

    /** The Range header if it is one well-formed byte range (RFC 9110 §14.2), else null: ignore it. */
    static String validRange(String range) {
        if (range == null) {
            return null;
        }
        var match = ONE_RANGE.matcher(range.trim());
        if (!match.matches()) {
            return null;
        }
        if (match.group(1) != null && !match.group(2).isEmpty()
                && Long.parseLong(match.group(2)) < Long.parseLong(match.group(1))) {
            return null; // last before first: invalid, so ignored
        }
        if (match.group(3) != null && Long.parseLong(match.group(3)) == 0) {
            return null;
        }
        return range.trim();
    }

    private static ApiException unsatisfiable(String upstreamContentRange) {
        HttpHeaders headers = new HttpHeaders();
        if (upstreamContentRange != null && upstreamContentRange.matches("bytes \\*/\\d+")) {
            headers.set(HttpHeaders.CONTENT_RANGE, upstreamContentRange);
        }
        return new ApiException(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, ApiException.INVALID_REQUEST,
                "The requested range is not satisfiable for this content.", null, "range_not_satisfiable", headers);
    }

    private static ApiException unavailable(String videoId) {
        return new ApiException(HttpStatus.NOT_FOUND, ApiException.INVALID_REQUEST,
                "The content of video " + videoId + " is not available from its video provider.", null,
                "video_content_unavailable");
    }
}
