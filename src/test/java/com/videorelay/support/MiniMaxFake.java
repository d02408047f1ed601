package com.videorelay.support;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * MiniMax's v1 video API as its OpenAPI and error-code table describe it, with the gateway's
 * assumptions where they are silent. Every call needs {@code Authorization: Bearer <key>}. Errors are
 * {@code base_resp.status_code} in an HTTP 200 answer (the assumption: new-api reads only the code):
 * 1004 for a wrong key, 2013 for invalid parameters, or whatever code a test scripts. A create checks
 * the model's documented values (duration 6 or 10 as a number, 10 only below 1080P; resolution per
 * model; a first_frame_image for the image-only model) and answers a numeric task_id. A query answers
 * the task with status Preparing, Queueing, Processing, Success (with a file_id) or Fail (the reason in
 * base_resp, e.g. 1027). {@code GET /v1/files/retrieve?file_id=} answers a download_url that carries
 * a token; {@link #expireDownloadUrls()} makes every issued token answer 403, as an expired link would.
 */
public final class MiniMaxFake implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, Set<String>> RESOLUTIONS = Map.of(
            "MiniMax-Hailuo-2.3", Set.of("768P", "1080P"),
            "MiniMax-Hailuo-2.3-Fast", Set.of("768P", "1080P"),
            "MiniMax-Hailuo-02", Set.of("512P", "768P", "1080P"),
            "T2V-01", Set.of("720P"),
            "T2V-01-Director", Set.of("720P"));

    private final FakeUpstream server = new FakeUpstream();
    private final String key;
    private final byte[] video;
    /** task_id → the fields after task_id in the query answer. */
    private final Map<String, String> tasks = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    private final Set<String> liveTokens = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong(106916112212032L);
    private final AtomicLong tokens = new AtomicLong();
    private volatile Integer refuseNextCreate;
    private volatile boolean autoProgress;

    public MiniMaxFake(String key, byte[] video) {
        this.key = key;
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
        tasks.clear();
        reads.clear();
        liveTokens.clear();
        refuseNextCreate = null;
        autoProgress = false;
        install();
    }

    /** The next create answers this base_resp.status_code, e.g. 1002 (rate limit) or 1026 (sensitive input). */
    public void refuseNextCreate(int code) {
        refuseNextCreate = code;
    }

    /** Unscripted tasks move on by themselves: Queueing, Processing, then Success, one step per query. */
    public void autoProgress(boolean on) {
        autoProgress = on;
    }

    /** The only task created so far. */
    public String onlyTaskId() {
        return tasks.keySet().stream().reduce((a, b) -> {
            throw new IllegalStateException("more than one task");
        }).orElseThrow();
    }

    /** Scripts a task's answer, e.g. {@code status("1", "Processing")}. */
    public void status(String taskId, String status) {
        tasks.put(taskId, "\"status\":\"" + status + "\",\"file_id\":\"\",\"video_width\":0,\"video_height\":0,"
                + "\"base_resp\":{\"status_code\":0,\"status_msg\":\"success\"}");
    }

    public void succeed(String taskId) {
        tasks.put(taskId, "\"status\":\"Success\",\"file_id\":\"" + fileId(taskId) + "\",\"video_width\":1366,"
                + "\"video_height\":768,\"base_resp\":{\"status_code\":0,\"status_msg\":\"success\"}");
    }

    public void fail(String taskId, int code, String message) {
        tasks.put(taskId, "\"status\":\"Fail\",\"file_id\":\"\",\"video_width\":0,\"video_height\":0,"
                + "\"base_resp\":{\"status_code\":" + code + ",\"status_msg\":\"" + message + "\"}");
    }

    /** Every download_url issued so far now answers 403. */
    public void expireDownloadUrls() {
        liveTokens.clear();
    }

    private static String fileId(String taskId) {
        return Long.toString(Long.parseLong(taskId) + 134426536368548L);
    }

    private void install() {
        server.on("POST /video_generation", this::create);
        server.on("GET /query/video_generation", (request, exchange) -> {
            if (!authorized(request, exchange)) {
                return;
            }
            String taskId = query(request, "task_id");
            String fields = taskId == null ? null : tasks.get(taskId);
            if (fields == null) {
                base(exchange, "", 2013, "invalid params, task_id not found");
                return;
            }
            if (autoProgress && fields.contains("\"Queueing\"")) {
                int read = reads.computeIfAbsent(taskId, k -> new AtomicInteger()).incrementAndGet();
                if (read >= 2) {
                    if (read == 2) {
                        status(taskId, "Processing");
                    } else {
                        succeed(taskId);
                    }
                    fields = tasks.get(taskId);
                }
            } else if (autoProgress && fields.contains("\"Processing\"")) {
                succeed(taskId);
                fields = tasks.get(taskId);
            }
            FakeUpstream.json(exchange, 200, "{\"task_id\":\"" + taskId + "\"," + fields + "}");
        });
        server.on("GET /files/retrieve", (request, exchange) -> {
            if (!authorized(request, exchange)) {
                return;
            }
            String fileId = query(request, "file_id");
            boolean known = fileId != null && tasks.keySet().stream().anyMatch(t -> fileId(t).equals(fileId));
            if (!known) {
                base(exchange, "", 2013, "invalid params, file_id not found");
                return;
            }
            String token = "t" + tokens.incrementAndGet();
            liveTokens.add(token);
            FakeUpstream.json(exchange, 200, "{\"file\":{\"file_id\":" + fileId + ",\"bytes\":" + video.length
                    + ",\"created_at\":1700469398,\"filename\":\"output_aigc.mp4\",\"purpose\":\"video_generation\","
                    + "\"download_url\":\"" + server.root() + "/mmcdn/" + fileId + ".mp4?token=" + token + "\"},"
                    + "\"base_resp\":{\"status_code\":0,\"status_msg\":\"success\"}}");
        });
        server.on("GET /mmcdn/{id}", (request, exchange) -> {
            if (!liveTokens.contains(query(request, "token"))) {
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            RunwayFake.serveRange(exchange, request.header("Range"), video);
        });
    }

    private void create(FakeUpstream.Request request, HttpExchange exchange) throws IOException {
        if (!authorized(request, exchange)) {
            return;
        }
        Integer refusal = refuseNextCreate;
        if (refusal != null) {
            refuseNextCreate = null;
            base(exchange, null, refusal, "refused with " + refusal);
            return;
        }
        JsonNode body = JSON.readTree(request.body());
        String model = body.path("model").asString("");
        String resolution = body.path("resolution").asString("768P");
        JsonNode duration = body.path("duration");
        boolean valid = RESOLUTIONS.containsKey(model) && RESOLUTIONS.get(model).contains(resolution)
                && duration.isIntegralNumber()
                && (model.startsWith("T2V-01") ? duration.asInt() == 6 : Set.of(6, 10).contains(duration.asInt()))
                && !(resolution.equals("1080P") && duration.asInt() != 6)
                && body.path("prompt").isString() && body.path("prompt").asString().length() <= 2000
                && (!model.equals("MiniMax-Hailuo-2.3-Fast") || body.path("first_frame_image").isString());
        if (!valid) {
            base(exchange, null, 2013, "invalid params");
            return;
        }
        String taskId = Long.toString(ids.incrementAndGet());
        status(taskId, "Queueing");
        base(exchange, taskId, 0, "success");
    }

    private boolean authorized(FakeUpstream.Request request, HttpExchange exchange) throws IOException {
        if (("Bearer " + key).equals(request.header("Authorization"))) {
            return true;
        }
        base(exchange, null, 1004, "login fail: Please carefully check the API secret key");
        return false;
    }

    /** {"task_id": …, "base_resp": {…}} in an HTTP 200 answer; no task_id when {@code taskId} is null. */
    private static void base(HttpExchange exchange, String taskId, int code, String message) throws IOException {
        FakeUpstream.json(exchange, 200, "{" + (taskId == null ? "" : "\"task_id\":\"" + taskId + "\",")
                + "\"base_resp\":{\"status_code\":" + code + ",\"status_msg\":\"" + message + "\"}}");
    }

    private static String query(FakeUpstream.Request request, String name) {
        if (request.query() == null) {
            return null;
        }
        for (String pair : request.query().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    public List<FakeUpstream.Request> requests(String method, String path) {
        return server.requests(method, path);
    }

    @Override
    public void close() {
        server.close();
    }
}
