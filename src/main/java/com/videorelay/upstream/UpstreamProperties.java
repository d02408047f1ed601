package com.videorelay.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One entry of {@code videorelay.upstreams}. Environment variables bind by index, e.g.
 * {@code VIDEORELAY_UPSTREAMS_0_NAME}, {@code VIDEORELAY_UPSTREAMS_0_APIKEY}.
 *
 * @param name               unique; stored in video_tasks.upstream_name, so renaming one strands its tasks
 * @param kind               openai, azure or simulator
 * @param baseUrl            up to and including the version, e.g. https://api.openai.com/v1 (not needed for the simulator)
 * @param apiKey             the upstream credential; give it through the environment, never commit it
 * @param models             the model names clients may ask this upstream for; {@code *} means any
 * @param deployments        model name as clients send it → name the upstream expects (Azure: the deployment)
 * @param priority           higher is tried first; equal priorities keep the configured order
 * @param connectTimeout     TCP connect
 * @param requestTimeout     whole create/remix/retrieve/delete call
 * @param contentIdleTimeout a download fails only if no byte arrives for this long; it has no overall deadline
 * @param maxConcurrency     calls in flight to this upstream, client creates and background syncs together
 * @param maxDownloads       content downloads in flight to this upstream
 */
public record UpstreamProperties(
        String name,
        UpstreamKind kind,
        URI baseUrl,
        String apiKey,
        List<String> models,
        Map<String, String> deployments,
        Integer priority,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration contentIdleTimeout,
        Integer maxConcurrency,
        Integer maxDownloads) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public UpstreamProperties {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("videorelay.upstreams[].name must be 1-64 of [A-Za-z0-9_.-], got: " + name);
        }
        if (kind == null) {
            throw new IllegalArgumentException("Upstream " + name + ": kind is required (openai, azure or simulator)");
        }
        if (kind != UpstreamKind.SIMULATOR && (baseUrl == null || apiKey == null || apiKey.isBlank())) {
            throw new IllegalArgumentException("Upstream " + name + ": base-url and api-key are required for kind " + kind);
        }
        if (models == null || models.isEmpty()) {
            throw new IllegalArgumentException("Upstream " + name + ": models must list at least one model (or *)");
        }
        models = List.copyOf(models);
        deployments = deployments == null ? Map.of() : Map.copyOf(deployments);
        priority = priority == null ? 0 : priority;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(60) : requestTimeout;
        contentIdleTimeout = contentIdleTimeout == null ? Duration.ofSeconds(30) : contentIdleTimeout;
        maxConcurrency = maxConcurrency == null ? 16 : maxConcurrency;
        maxDownloads = maxDownloads == null ? 64 : maxDownloads;
        if (maxConcurrency < 1 || maxDownloads < 1) {
            throw new IllegalArgumentException("Upstream " + name + ": max-concurrency and max-downloads must be at least 1");
        }
        if (apiKey == null) {
            apiKey = "simulator";
        }
    }

    boolean serves(String model) {
        return models.contains(model) || models.contains("*");
    }

    /** The model name to send upstream: the deployment for Azure, usually the same name elsewhere. */
    String upstreamModel(String model) {
        return deployments.getOrDefault(model, model);
    }

    @Override
    public String toString() {
        // Never print the credential, whatever logs or error messages this ends up in.
        return "Upstream[" + name + ", " + kind + ", " + baseUrl + ", models=" + models + "]";
    }
}
