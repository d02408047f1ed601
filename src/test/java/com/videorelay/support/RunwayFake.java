package com.videorelay.support;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runway's API as its SDK and docs describe it (X-Runway-Version 2024-11-06): {@code POST /v1/text_to_video}
 * and {@code /v1/image_to_video} answer {@code {"id"}} after checking the key, the version header and the
 * body against the model's documented ratios and durations (a 400 with Zod-style {@code issues} otherwise);
 * {@code GET /v1/tasks/{id}} answers the task as the test scripts it; {@code DELETE} answers 204, and 404
 * {"error":"Could not find Task"} once deleted. Finished videos are served from {@code /cdn/...?_jwt=N} with
 * Range support; each read of a finished task hands out a fresh {@code _jwt}, and a test can expire the old ones.
 */
public final class RunwayFake implements AutoCloseable {

    public static final String VERSION = "2024-11-06";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, Set<String>> RATIOS = Map.of(
            "gen4.5", Set.of("1280:720", "720:1280"),
            "veo3.1", Set.of("1280:720", "720:1280", "1080:1920", "1920:1080"),
            "gen4_turbo", Set.of("1280:720", "720:1280", "1104:832", "832:1104", "960:960", "1584:672"));

    private final FakeUpstream server = new FakeUpstream();
    private final String secret;
    private final Map<String, String> tasks = new ConcurrentHashMap<>();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger jwt = new AtomicInteger();
    private volatile int validFromJwt;
    private volatile boolean autoProgress;
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    private final byte[] video;

    public RunwayFake(String secret, byte[] video) {
        this.secret = secret;
        this.video = video;
        install();
    }

    public String baseUrl() {
        return server.root();
    }

    public FakeUpstream server() {
        return server;
    }

    /** Clears scripted answers and recorded requests, then installs the documented routes again. */
    public void reset() {
        server.reset();
        tasks.clear();
        deleted.clear();
        reads.clear();
        autoProgress = false;
        install();
    }

    /** What GET /v1/tasks/{id} answers from now on, e.g. {@code "status":"RUNNING","progress":0.42}. */
    public void task(String id, String fields) {
        tasks.put(id, fields);
    }

    /** Unscripted tasks move on by themselves: PENDING, then RUNNING at 0.5, then SUCCEEDED, one step per read. */
    public void autoProgress(boolean on) {
        autoProgress = on;
    }

    /** Links handed out so far stop working (as Runway's do within 24–48 hours). */
    public void expireLinks() {
        validFromJwt = jwt.get() + 1;
    }

    private void install() {
        server.on("POST /text_to_video", (request, exchange) -> create(request, exchange, false));
        server.on("POST /image_to_video", (request, exchange) -> create(request, exchange, true));
        server.on("GET /tasks/{id}", (request, exchange) -> {
            if (!authorized(request, exchange)) {
                return;
            }
            String id = request.path().substring("/tasks/".length());
            String fields = tasks.get(id);
            if (autoProgress && fields != null && fields.equals("\"status\":\"PENDING\"")) {
                int read = reads.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                fields = read == 1 ? fields : read == 2 ? "\"status\":\"RUNNING\",\"progress\":0.5" : "\"status\":\"SUCCEEDED\"";
            }
            if (fields == null || deleted.contains(id)) {
                FakeUpstream.json(exchange, 404, "{\"error\":\"Could not find Task\"}");
                return;
            }
            if (fields.contains("\"SUCCEEDED\"")) {
                fields += ",\"output\":[\"" + server.root() + "/cdn/" + id + ".mp4?_jwt=" + jwt.incrementAndGet() + "\"]";
            }
            FakeUpstream.json(exchange, 200, "{\"id\":\"" + id + "\",\"createdAt\":\"2026-12-02T04:00:00.000Z\"," + fields + "}");
        });
        server.on("DELETE /tasks/{id}", (request, exchange) -> {
            if (!authorized(request, exchange)) {
                return;
            }
            String id = request.path().substring("/tasks/".length());
            if (!tasks.containsKey(id) || !deleted.add(id)) {
                FakeUpstream.json(exchange, 404, "{\"error\":\"Could not find Task\"}");
                return;
            }
            exchange.sendResponseHeaders(204, -1);
        });
        server.on("GET /cdn/{id}", (request, exchange) -> {
            String query = request.query() == null ? "" : request.query();
            int token = query.startsWith("_jwt=") ? Integer.parseInt(query.substring(5)) : -1;
            if (token < validFromJwt) {
                exchange.getResponseHeaders().set("Content-Type", "application/xml");
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            serveRange(exchange, request.header("Range"), video);
        });
    }

    private void create(FakeUpstream.Request request, HttpExchange exchange, boolean image) throws IOException {
        if (!authorized(request, exchange)) {
            return;
        }
        JsonNode body = JSON.readTree(request.body());
        String model = body.path("model").asString("");
        String ratio = body.path("ratio").asString("");
        JsonNode duration = body.path("duration");
        if (!RATIOS.containsKey(model)) {
            invalid(exchange, "Invalid option: expected one of the models", "model");
        } else if (!RATIOS.get(model).contains(ratio)) {
            invalid(exchange, "Invalid option: expected one of " + RATIOS.get(model), "ratio");
        } else if (!duration.isIntegralNumber()) {
            invalid(exchange, "Invalid input: expected number", "duration");
        } else if (!body.path("promptText").isString() || body.path("promptText").asString().length() > 1000) {
            invalid(exchange, "Too big: expected string to have <=1000 characters", "promptText");
        } else if (image != body.has("promptImage")) {
            invalid(exchange, "Invalid input: expected string", "promptImage");
        } else {
            String id = UUID.randomUUID().toString();
            tasks.put(id, "\"status\":\"PENDING\"");
            FakeUpstream.json(exchange, 200, "{\"id\":\"" + id + "\"}");
        }
    }

    private boolean authorized(FakeUpstream.Request request, HttpExchange exchange) throws IOException {
        if (!("Bearer " + secret).equals(request.header("Authorization"))) {
            FakeUpstream.json(exchange, 401, "{\"error\":\"Unauthorized\"}");
            return false;
        }
        if (!VERSION.equals(request.header("X-Runway-Version"))) {
            FakeUpstream.json(exchange, 400, "{\"error\":\"Invalid API version\"}");
            return false;
        }
        return true;
    }

    private static void invalid(HttpExchange exchange, String message, String path) throws IOException {
        FakeUpstream.json(exchange, 400, "{\"error\":\"Validation of body failed\",\"issues\":[{\"code\":\"invalid_value\","
                + "\"message\":\"" + message + "\",\"path\":[\"" + path + "\"]}],\"docUrl\":\"https://docs.dev.runwayml.com/api\"}");
    }

    /** 200 or a single-range 206 (416 when unsatisfiable), as a CDN answers. */
    public static void serveRange(HttpExchange exchange, String range, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "video/mp4");
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        if (range != null && range.matches("bytes=\\d+-\\d*")) {
            String[] parts = range.substring(6).split("-", -1);
            long first = Long.parseLong(parts[0]);
            long last = parts[1].isEmpty() ? bytes.length - 1 : Math.min(Long.parseLong(parts[1]), bytes.length - 1);
            if (first >= bytes.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + bytes.length);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Range", "bytes " + first + "-" + last + "/" + bytes.length);
            exchange.sendResponseHeaders(206, last - first + 1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes, (int) first, (int) (last - first + 1));
            }
            return;
        }
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public List<FakeUpstream.Request> requests(String method, String path) {
        return server.requests(method, path);
    }

    @Override
    public void close() {
        server.close();
    }
}
