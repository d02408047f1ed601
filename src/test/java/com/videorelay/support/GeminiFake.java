package com.videorelay.support;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Gemini API's Interactions endpoints for Omni video as documented and observed: every call needs
 * {@code x-goog-api-key}; a create must be {@code background: true} with a video {@code response_format}
 * (duration a protobuf Duration string such as "8s", 3–10 s; aspect 16:9 or 9:16; resolution 360p, 720p,
 * 1080p or 4k) and answers {@code {"id","status":"in_progress","object":"interaction"}}; a prompt with
 * "[unsafe]" is refused 400 with code SAFETY. A read of an unknown id is HTTP 400 "Invalid interaction
 * name". A finished interaction has the video as a {@code model_output} step; its URI downloads with the
 * key and {@code alt=media}, with Range support.
 */
public final class GeminiFake implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> RESOLUTIONS = Set.of("360p", "720p", "1080p", "4k");

    private final FakeUpstream server = new FakeUpstream();
    private final String apiKey;
    private final byte[] video;
    private final Map<String, String> status = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean autoProgress;

    public GeminiFake(String apiKey, byte[] video) {
        this.apiKey = apiKey;
        this.video = video;
        install();
    }

    public String baseUrl() {
        return server.root();
    }

    public FakeUpstream server() {
        return server;
    }

    public void reset() {
        server.reset();
        status.clear();
        reads.clear();
        autoProgress = false;
        install();
    }

    public void autoProgress(boolean on) {
        autoProgress = on;
    }

    /** What GET answers from now on: in_progress, completed (with the video), refused (text only), failed, cancelled. */
    public void status(String id, String value) {
        status.put(id, value);
    }

    public String lastId() {
        return "v1_interaction_" + ids.get();
    }

    private void install() {
        server.on("POST /v1beta/interactions", this::create);
        server.on("GET /v1beta/interactions/{id}", (request, exchange) -> {
            if (!authorized(request, exchange)) {
                return;
            }
            String id = request.path().substring("/v1beta/interactions/".length());
            String current = status.get(id);
            if (current == null) {
                FakeUpstream.json(exchange, 400, "{\"error\":{\"code\":\"invalid_request\",\"message\":\"Invalid interaction name\"}}");
                return;
            }
            if (autoProgress && current.equals("in_progress")
                    && reads.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() >= 2) {
                current = "completed";
            }
            FakeUpstream.json(exchange, 200, interaction(id, current));
        });
        server.on("POST /v1beta/interactions/{id}/cancel", (request, exchange) -> {
            if (!authorized(request, exchange)) {
                return;
            }
            String id = request.path().split("/")[3];
            status.computeIfPresent(id, (k, v) -> "cancelled");
            FakeUpstream.json(exchange, 200, interaction(id, "cancelled"));
        });
        server.on("GET /v1beta/files/{id}", (request, exchange) -> {
            if (!apiKey.equals(request.header("x-goog-api-key")) || request.query() == null
                    || !request.query().contains("alt=media")) {
                FakeUpstream.json(exchange, 403, "{\"error\":{\"code\":403,\"message\":\"forbidden\",\"status\":\"PERMISSION_DENIED\"}}");
                return;
            }
            RunwayFake.serveRange(exchange, request.header("Range"), video);
        });
    }

    private String interaction(String id, String current) {
        String steps = switch (current) {
            case "completed" -> ",\"steps\":[{\"type\":\"user_input\",\"content\":[{\"type\":\"text\",\"text\":\"...\"}]},"
                    + "{\"type\":\"model_output\",\"content\":[{\"type\":\"video\",\"mime_type\":\"video/mp4\",\"uri\":\""
                    + server.root() + "/v1beta/files/" + id + ":download\"}]}]";
            case "refused" -> ",\"steps\":[{\"type\":\"model_output\",\"content\":[{\"type\":\"text\",\"text\":\"I can't make that.\"}]}]";
            default -> "";
        };
        String shown = current.equals("refused") ? "completed" : current;
        return "{\"id\":\"" + id + "\",\"status\":\"" + shown + "\",\"object\":\"interaction\",\"model\":\"gemini-omni-1.1-flash\"" + steps + "}";
    }

    private void create(FakeUpstream.Request request, HttpExchange exchange) throws IOException {
        if (!authorized(request, exchange)) {
            return;
        }
        JsonNode body = JSON.readTree(request.body());
        JsonNode format = body.path("response_format");
        String duration = format.path("duration").asString("");
        boolean valid = body.path("model").asString("").equals("gemini-omni-1.1-flash") && body.path("background").asBoolean(false)
                && format.path("type").asString("").equals("video") && duration.matches("([3-9]|10)s")
                && Set.of("16:9", "9:16").contains(format.path("aspect_ratio").asString(""))
                && RESOLUTIONS.contains(format.path("resolution").asString(""));
        if (!valid) {
            FakeUpstream.json(exchange, 400, "{\"error\":{\"code\":\"invalid_request\",\"message\":\"Invalid response_format\"}}");
            return;
        }
        if (body.toString().contains("[unsafe]")) {
            FakeUpstream.json(exchange, 400, "{\"error\":{\"code\":\"SAFETY\",\"message\":\"The prompt was blocked.\"}}");
            return;
        }
        String id = "v1_interaction_" + ids.incrementAndGet();
        status.put(id, "in_progress");
        FakeUpstream.json(exchange, 200, "{\"id\":\"" + id + "\",\"status\":\"in_progress\",\"object\":\"interaction\","
                + "\"model\":\"gemini-omni-1.1-flash\"}");
    }

    private boolean authorized(FakeUpstream.Request request, HttpExchange exchange) throws IOException {
        if (!apiKey.equals(request.header("x-goog-api-key"))) {
            FakeUpstream.json(exchange, 401, "[{\"error\":{\"code\":401,\"message\":\"API key not valid.\",\"status\":\"UNAUTHENTICATED\"}}]");
            return false;
        }
        return true;
    }

    public List<FakeUpstream.Request> requests(String method, String path) {
        return server.requests(method, path);
    }

    @Override
    public void close() {
        server.close();
    }
}
