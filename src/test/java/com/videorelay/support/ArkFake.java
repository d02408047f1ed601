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
 * Seedance on Volcengine Ark / BytePlus ModelArk ({@code /api/v3/contents/generations/tasks}) as its
 * docs and the reference relays describe it. Every call needs {@code Authorization: Bearer <key>}
 * (else 401 AuthenticationError). Errors keep the HTTP status with
 * {@code {"error": {"code", "message", "param", "type"}}}. A create checks the documented values for
 * Seedance 2.0: content[0] is the text, an image is an image_url with role first_frame; ratio one of
 * six; resolution 480p, 720p or 1080p (not 1080p on 2.0 fast); duration an integer 4–15. It answers {@code {"id": "cgt-…"}}. A task
 * is queued, running, succeeded (with content.video_url), failed (with error), cancelled or expired.
 * DELETE cancels a queued task (it becomes cancelled), deletes a finished one (then 404), and refuses a
 * running one with 400 (the assumption: the docs do not say a running task can be cancelled). Videos
 * are served from {@code /tos/...} with Range support.
 */
public final class ArkFake implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> MODELS = Set.of("doubao-seedance-2-0-260128", "doubao-seedance-2-0-fast-260128");
    private static final Set<String> RATIOS = Set.of("16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive");
    private static final String TASKS = "/api/v3/contents/generations/tasks";

    private final FakeUpstream server = new FakeUpstream();
    private final String key;
    private final byte[] video;
    /** id → the fields after id and model in the task answer. */
    private final Map<String, String> tasks = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(20261202052000L);
    private volatile int[] refuseNextCreateStatus;
    private volatile String refuseNextCreateCode;
    private volatile boolean autoProgress;

    public ArkFake(String key, byte[] video) {
        this.key = key;
        this.video = video;
        install();
    }

    /** What the upstream's base-url is: the host with /api/v3, as Ark's own base URL. */
    public String baseUrl() {
        return server.root() + "/api/v3";
    }

    public FakeUpstream server() {
        return server;
    }

    public void reset() {
        server.reset();
        tasks.clear();
        reads.clear();
        refuseNextCreateStatus = null;
        refuseNextCreateCode = null;
        autoProgress = false;
        install();
    }

    /** The next create answers this HTTP status and error code, e.g. 429 and "RateLimitExceeded.EndpointRPMExceeded". */
    public void refuseNextCreate(int status, String code) {
        refuseNextCreateCode = code;
        refuseNextCreateStatus = new int[] {status};
    }

    /** Unscripted tasks move on by themselves: queued, running, then succeeded, one step per read. */
    public void autoProgress(boolean on) {
        autoProgress = on;
    }

    public String onlyTaskId() {
        return tasks.keySet().stream().reduce((a, b) -> {
            throw new IllegalStateException("more than one task");
        }).orElseThrow();
    }

    /** Scripts a task's fields, e.g. {@code "\"status\":\"running\""}. */
    public void task(String id, String fields) {
        tasks.put(id, fields);
    }

    public String videoUrl(String id) {
        return server.root() + "/tos/" + id + ".mp4";
    }

    public String succeeded(String id) {
        return "\"status\":\"succeeded\",\"content\":{\"video_url\":\"" + videoUrl(id) + "\"},"
                + "\"usage\":{\"completion_tokens\":108900,\"total_tokens\":108900},\"seed\":42,\"resolution\":\"720p\","
                + "\"ratio\":\"16:9\",\"duration\":5,\"framespersecond\":24";
    }

    public static String failed(String code, String message) {
        return "\"status\":\"failed\",\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}";
    }

    private void install() {
        server.on("POST " + TASKS, this::create);
        server.on("GET " + TASKS + "/{id}", (request, exchange) -> {
            if (!authorized(request, exchange)) {
                return;
            }
            String id = request.path().substring(TASKS.length() + 1);
            String fields = tasks.get(id);
            if (fields == null) {
                notFound(exchange, id);
                return;
            }
            if (autoProgress && (fields.equals("\"status\":\"queued\"") || fields.equals("\"status\":\"running\""))) {
                int read = reads.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                fields = read == 1 ? fields : read == 2 ? "\"status\":\"running\"" : succeeded(id);
                tasks.put(id, fields);
            }
            FakeUpstream.json(exchange, 200, "{\"id\":\"" + id + "\",\"model\":\"doubao-seedance-2-0-260128\"," + fields
                    + ",\"service_tier\":\"default\",\"created_at\":1764652800,\"updated_at\":1764652860}");
        });
        server.on("DELETE " + TASKS + "/{id}", (request, exchange) -> {
            if (!authorized(request, exchange)) {
                return;
            }
            String id = request.path().substring(TASKS.length() + 1);
            String fields = tasks.get(id);
            if (fields == null) {
                notFound(exchange, id);
            } else if (fields.contains("\"status\":\"queued\"")) {
                tasks.put(id, "\"status\":\"cancelled\"");
                FakeUpstream.json(exchange, 200, "{}");
            } else if (fields.contains("\"status\":\"running\"")) {
                error(exchange, 400, "InvalidAction.TaskRunning", "the task is running and cannot be cancelled", "id");
            } else {
                tasks.remove(id);
                FakeUpstream.json(exchange, 200, "{}");
            }
        });
        server.on("GET /tos/{id}", (request, exchange) -> RunwayFake.serveRange(exchange, request.header("Range"), video));
    }

    private void create(FakeUpstream.Request request, HttpExchange exchange) throws IOException {
        if (!authorized(request, exchange)) {
            return;
        }
        int[] refusal = refuseNextCreateStatus;
        if (refusal != null) {
            refuseNextCreateStatus = null;
            error(exchange, refusal[0], refuseNextCreateCode, "refused with " + refuseNextCreateCode, "");
            return;
        }
        JsonNode body = JSON.readTree(request.body());
        JsonNode content = body.path("content");
        JsonNode duration = body.path("duration");
        if (!MODELS.contains(body.path("model").asString(""))) {
            error(exchange, 404, "InvalidEndpointOrModel.NotFound", "The model or endpoint does not exist", "model");
        } else if (!content.isArray() || content.isEmpty() || !content.get(0).path("type").asString("").equals("text")
                || !content.get(0).path("text").isString()) {
            error(exchange, 400, "InvalidParameter", "content[0] must be a text item", "content");
        } else if (content.size() > 1 && (!content.get(1).path("type").asString("").equals("image_url")
                || !content.get(1).path("role").asString("").equals("first_frame")
                || !content.get(1).path("image_url").path("url").asString("").matches("(https://|data:image/).+"))) {
            error(exchange, 400, "InvalidParameter", "invalid image_url item", "content");
        } else if (!RATIOS.contains(body.path("ratio").asString("16:9"))) {
            error(exchange, 400, "InvalidParameter", "invalid ratio", "ratio");
        } else if (!(body.path("model").asString().contains("fast") ? Set.of("480p", "720p") : Set.of("480p", "720p", "1080p"))
                .contains(body.path("resolution").asString("720p"))) {
            error(exchange, 400, "InvalidParameter", "invalid resolution", "resolution");
        } else if (!duration.isIntegralNumber() || duration.asInt() < 4 || duration.asInt() > 15) {
            error(exchange, 400, "InvalidParameter", "duration must be an integer from 4 to 15", "duration");
        } else {
            String id = "cgt-" + ids.incrementAndGet() + "-x7k2p";
            tasks.put(id, "\"status\":\"queued\"");
            FakeUpstream.json(exchange, 200, "{\"id\":\"" + id + "\"}");
        }
    }

    private boolean authorized(FakeUpstream.Request request, HttpExchange exchange) throws IOException {
        if (("Bearer " + key).equals(request.header("Authorization"))) {
            return true;
        }
        error(exchange, 401, "AuthenticationError", "the API key or AK/SK in the request is missing or invalid", "");
        return false;
    }

    private static void notFound(HttpExchange exchange, String id) throws IOException {
        error(exchange, 404, "ResourceNotFound", "The specified task " + id + " is not found", "id");
    }

    private static void error(HttpExchange exchange, int status, String code, String message, String param)
            throws IOException {
        String type = switch (status) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 404 -> "NotFound";
            case 429 -> "TooManyRequests";
            default -> "InternalServiceError";
        };
        FakeUpstream.json(exchange, status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message
                + "\",\"param\":\"" + param + "\",\"type\":\"" + type + "\"}}");
    }

    public List<FakeUpstream.Request> requests(String method, String path) {
        return server.requests(method, path);
    }

    @Override
    public void close() {
        server.close();
    }
}
