package com.videorelay.support;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kling's official API as its docs describe it: every call needs {@code Authorization: Bearer <JWT>},
 * an HS256 token whose {@code iss} is the access key, within its {@code nbf}/{@code exp}, signed with the
 * secret key (else HTTP 401, code 1000–1004). Creates check the documented values (duration "5" or "10"
 * for v2.x, "3".."15" for v3; aspect_ratio 16:9, 9:16 or 1:1; mode std or pro) and answer the
 * {code, message, request_id, data} envelope with a numeric task_id; a query takes the task_id or the
 * external_task_id in the path of the family the task was created with. Unknown ids answer HTTP 404,
 * code 1203. Videos are served from {@code /kcdn/...} with Range support.
 */
public final class KlingFake implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> RATIOS = Set.of("16:9", "9:16", "1:1");

    /** One created task: its family, ids and what the test scripted. */
    public record Task(String family, String taskId, String externalId, String fields) {
    }

    private final FakeUpstream server = new FakeUpstream();
    private final String accessKey;
    private final String secretKey;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(867283741759111202L);
    private final byte[] video;
    /** A service code to answer the next create with, e.g. 1303 (HTTP 429), or null. */
    private volatile Integer refuseNextCreate;
    /** Accept the next create, then answer so slowly that the caller times out. */
    private volatile boolean slowNextCreate;
    private volatile boolean autoProgress;
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> reads = new ConcurrentHashMap<>();

    /** Unscripted tasks move on by themselves: submitted, processing, then succeed, one step per read. */
    public void autoProgress(boolean on) {
        autoProgress = on;
    }

    public KlingFake(String accessKey, String secretKey, byte[] video) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
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
        refuseNextCreate = null;
        slowNextCreate = false;
        autoProgress = false;
        reads.clear();
        install();
    }

    public void refuseNextCreate(int code) {
        refuseNextCreate = code;
    }

    public void acceptNextCreateTooSlowly() {
        slowNextCreate = true;
    }

    /** Scripts a task's data fields, e.g. {@code "task_status":"processing"}. */
    public void task(String taskId, String fields) {
        tasks.computeIfPresent(taskId, (id, task) -> new Task(task.family(), id, task.externalId(), fields));
    }

    public Task byExternalId(String externalId) {
        return tasks.values().stream().filter(t -> externalId.equals(t.externalId())).findFirst().orElse(null);
    }

    public String videoUrl(String taskId) {
        return server.root() + "/kcdn/" + taskId + ".mp4";
    }

    /** The documented data of a finished task. */
    public String succeeded(String taskId) {
        return "\"task_status\":\"succeed\",\"task_status_msg\":\"\",\"task_result\":{\"videos\":[{\"id\":\"v-" + taskId
                + "\",\"url\":\"" + videoUrl(taskId) + "\",\"duration\":\"5.1\"}]}";
    }

    private void install() {
        for (String family : List.of("text2video", "image2video")) {
            server.on("POST /videos/" + family, (request, exchange) -> create(family, request, exchange));
            server.on("GET /videos/" + family + "/{id}", (request, exchange) -> {
                if (!authorized(request, exchange)) {
                    return;
                }
                String id = request.path().substring(("/videos/" + family + "/").length());
                Task task = tasks.values().stream().filter(t -> t.family().equals(family)
                        && (t.taskId().equals(id) || id.equals(t.externalId()))).findFirst().orElse(null);
                if (task == null) {
                    envelope(exchange, 404, 1203, "resource not exist", null);
                    return;
                }
                String fields = task.fields();
                if (autoProgress && fields.contains("\"submitted\"")) {
                    int read = reads.computeIfAbsent(task.taskId(), k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                    fields = read == 1 ? fields : read == 2 ? "\"task_status\":\"processing\"" : succeeded(task.taskId());
                }
                envelope(exchange, 200, 0, "SUCCEED", "{\"task_id\":\"" + task.taskId() + "\",\"task_info\":{\"external_task_id\":\""
                        + task.externalId() + "\"},\"created_at\":1774805076166,\"updated_at\":1774805076166," + fields + "}");
            });
        }
        server.on("GET /kcdn/{id}", (request, exchange) -> RunwayFake.serveRange(exchange, request.header("Range"), video));
    }

    private void create(String family, FakeUpstream.Request request, HttpExchange exchange) throws Exception {
        if (!authorized(request, exchange)) {
            return;
        }
        Integer refusal = refuseNextCreate;
        if (refusal != null) {
            refuseNextCreate = null;
            int status = switch (refusal) {
                case 1301, 1300, 1200, 1201 -> 400;
                case 1302, 1303, 1100, 1101, 1102 -> 429;
                default -> 500;
            };
            envelope(exchange, status, refusal, "refused with " + refusal, null);
            return;
        }
        JsonNode body = JSON.readTree(request.body());
        String model = body.path("model_name").asString("kling-v1");
        String duration = body.path("duration").asString("5");
        boolean v3 = model.equals("kling-v3");
        boolean durationOk = body.path("duration").isString() && (v3
                ? duration.matches("[3-9]|1[0-5]") : Set.of("5", "10").contains(duration));
        if (!durationOk || !RATIOS.contains(body.path("aspect_ratio").asString("16:9"))
                || !Set.of("std", "pro").contains(body.path("mode").asString("std"))
                || body.path("prompt").asString("").length() > 2500
                || (family.equals("image2video") && (!body.path("image").isString()
                || body.path("image").asString().startsWith("data:")))) {
            envelope(exchange, 400, 1201, "invalid parameter", null);
            return;
        }
        String taskId = Long.toString(ids.incrementAndGet());
        String external = body.path("external_task_id").isString() ? body.path("external_task_id").asString() : null;
        tasks.put(taskId, new Task(family, taskId, external, "\"task_status\":\"submitted\",\"task_status_msg\":\"\""));
        if (slowNextCreate) {
            slowNextCreate = false;
            Thread.sleep(2500);
        }
        envelope(exchange, 200, 0, "SUCCEED", "{\"task_id\":\"" + taskId + "\",\"task_status\":\"submitted\","
                + "\"task_info\":{\"external_task_id\":\"" + external + "\"},\"created_at\":1774805076166,\"updated_at\":1774805076166}");
    }

    private boolean authorized(FakeUpstream.Request request, HttpExchange exchange) throws IOException {
        String header = request.header("Authorization");
        try {
            SignedJWT jwt = SignedJWT.parse(header.substring("Bearer ".length()));
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date now = new Date();
            if (jwt.verify(new MACVerifier(secretKey.getBytes(StandardCharsets.UTF_8)))
                    && "HS256".equals(jwt.getHeader().getAlgorithm().getName())
                    && accessKey.equals(claims.getIssuer())
                    && claims.getExpirationTime().after(now) && claims.getNotBeforeTime().before(now)) {
                return true;
            }
        } catch (Exception unreadable) {
            // falls through to 401
        }
        envelope(exchange, 401, 1002, "Authorization is invalid", null);
        return false;
    }

    private static void envelope(HttpExchange exchange, int status, int code, String message, String data) throws IOException {
        FakeUpstream.json(exchange, status, "{\"code\":" + code + ",\"message\":\"" + message
                + "\",\"request_id\":\"c0656403-7d0e-4d5f-a1b4-0f3f2a5e6b7c\"" + (data == null ? "" : ",\"data\":" + data) + "}");
    }

    public List<FakeUpstream.Request> requests(String method, String path) {
        return server.requests(method, path);
    }

    @Override
    public void close() {
        server.close();
    }
}
