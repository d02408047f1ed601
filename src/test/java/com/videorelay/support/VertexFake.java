package com.videorelay.support;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Vertex AI Veo as documented, with Google's OAuth2 token endpoint and the GCS JSON API on the same server.
 * <ul>
 * <li>{@code POST /token}: the JWT-bearer grant; the assertion must be RS256-signed by the service account's
 *     key, issued by its client_email, for Google's token audience and the cloud-platform scope, unexpired.
 *     Answers an access token valid for an hour.</li>
 * <li>Every other call needs {@code Authorization: Bearer <an issued token>}, else 401 UNAUTHENTICATED.</li>
 * <li>{@code POST /v1/projects/{p}/locations/{l}/publishers/google/models/{m}:predictLongRunning}: one instance
 *     with a prompt; durationSeconds 4, 6 or 8; aspectRatio 16:9 or 9:16; resolution 720p or 1080p; else 400
 *     INVALID_ARGUMENT. A prompt with "[blocked]" is refused 400 naming the usage guidelines. Answers the
 *     operation name.</li>
 * <li>{@code POST …/models/{m}:fetchPredictOperation} {@code {"operationName"}}: proto3 JSON, so a running
 *     operation has no {@code done}; a finished one has {@code response.videos[]} with a gcsUri when the create
 *     had a storageUri, else inline base64; or RAI-filtered (count and support codes, no videos); or {@code error}.
 *     An unknown operation is 404 NOT_FOUND.</li>
 * <li>{@code GET /storage/v1/b/{bucket}/o/{object}?alt=media}: the object (its name URL-encoded, slashes
 *     too), with Range.</li>
 * </ul>
 */
public final class VertexFake implements AutoCloseable {

    public static final String PROJECT = "vr-test-project";
    public static final String LOCATION = "us-central1";
    public static final String CLIENT_EMAIL = "videorelay@vr-test-project.iam.gserviceaccount.com";
    public static final Set<String> MODELS = Set.of("veo-3.1-generate-001", "veo-3.1-fast-generate-001", "veo-3.1-lite-generate-001");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    /** The audience Google's token endpoint expects in the assertion, whatever address the key's token_uri gives. */
    private static final String GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";

    private final FakeUpstream server = new FakeUpstream();
    private final KeyPair key;
    private final byte[] video;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger(4_000_000);
    /** Operation name → running, done, filtered, or error:CODE:MESSAGE. */
    private final Map<String, String> status = new ConcurrentHashMap<>();
    /** Operation name → the create's storageUri, or "" for an inline result. */
    private final Map<String, String> storage = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    private volatile boolean autoProgress;

    public VertexFake(byte[] video) {
        this.video = video;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.key = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        install();
    }

    public String baseUrl() {
        return server.root();
    }

    public FakeUpstream server() {
        return server;
    }

    /** A service-account JSON key as the Cloud console downloads it, whose token_uri is this fake. */
    public String serviceAccountKey() {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Map<String, String> json = new HashMap<>();
        json.put("type", "service_account");
        json.put("project_id", PROJECT);
        json.put("private_key_id", "0123456789abcdef0123456789abcdef01234567");
        json.put("private_key", pem);
        json.put("client_email", CLIENT_EMAIL);
        json.put("client_id", "100000000000000000001");
        json.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
        json.put("token_uri", tokenUri());
        return JSON.writeValueAsString(json);
    }

    private String tokenUri() {
        return server.root() + "/token";
    }

    public void reset() {
        server.reset();
        status.clear();
        storage.clear();
        reads.clear();
        autoProgress = false;
        install();
    }

    /** The documented answers again, after a test replaced a route; operations are kept. */
    public void answerNormally() {
        install();
    }

    public void autoProgress(boolean on) {
        autoProgress = on;
    }

    /** What fetchPredictOperation answers from now on: running, done, filtered, or error:CODE:MESSAGE. */
    public void status(String operation, String value) {
        status.put(operation, value);
    }

    public String lastOperation() {
        return status.keySet().stream().filter(name -> name.endsWith("/operations/" + ids.get())).findFirst().orElseThrow();
    }

    /** How many access tokens were issued: the library caches them, so normally one. */
    public int tokenRequests() {
        return tokenRequests.get();
    }

    /** Tokens issued so far stop working, as after their expiry. */
    public void revokeTokens() {
        tokens.clear();
    }

    public List<FakeUpstream.Request> requests(String method, String pathPrefix) {
        return server.requests(method, pathPrefix);
    }

    private void install() {
        server.on("POST /token", this::token);
        server.on("POST /projects/" + PROJECT + "/locations/" + LOCATION + "/publishers/google/models/{id}", (request, exchange) -> {
            if (!authorized(request, exchange)) {
                return;
            }
            String segment = request.path().substring(request.path().lastIndexOf('/') + 1);
            int colon = segment.indexOf(':');
            String model = colon < 0 ? segment : segment.substring(0, colon);
            String method = colon < 0 ? "" : segment.substring(colon + 1);
            if (!MODELS.contains(model)) {
                error(exchange, 404, "Publisher Model `projects/" + PROJECT + "/locations/" + LOCATION
                        + "/publishers/google/models/" + model + "` was not found or your project does not have access to it.",
                        "NOT_FOUND");
            } else if (method.equals("predictLongRunning")) {
                predict(model, request, exchange);
            } else if (method.equals("fetchPredictOperation")) {
                fetch(model, request, exchange);
            } else {
                error(exchange, 404, "Method not found.", "NOT_FOUND");
            }
        });
    }

    private void token(FakeUpstream.Request request, HttpExchange exchange) throws Exception {
        Map<String, String> form = new HashMap<>();
        for (String pair : request.bodyText().split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        boolean valid = false;
        if ("urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type")) && form.containsKey("assertion")) {
            SignedJWT assertion = SignedJWT.parse(form.get("assertion"));
            JWTClaimsSet claims = assertion.getJWTClaimsSet();
            valid = assertion.verify(new RSASSAVerifier((RSAPublicKey) key.getPublic()))
                    && CLIENT_EMAIL.equals(claims.getIssuer()) && claims.getAudience().contains(GOOGLE_TOKEN_AUDIENCE)
                    && String.valueOf(claims.getClaim("scope")).contains(SCOPE)
                    && claims.getExpirationTime() != null && claims.getExpirationTime().after(new Date());
        }
        if (!valid) {
            FakeUpstream.json(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
            return;
        }
        String token = "ya29.fake-access-token-" + tokenRequests.incrementAndGet();
        tokens.add(token);
        FakeUpstream.json(exchange, 200, "{\"access_token\":\"" + token + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
    }

    private void predict(String model, FakeUpstream.Request request, HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(request.body());
        JsonNode instances = body.path("instances");
        JsonNode parameters = body.path("parameters");
        String prompt = instances.path(0).path("prompt").asString("");
        if (!instances.isArray() || instances.size() != 1 || prompt.isBlank()) {
            error(exchange, 400, "Request contains an invalid argument: instances[0].prompt is required.", "INVALID_ARGUMENT");
            return;
        }
        JsonNode duration = parameters.path("durationSeconds");
        if (!duration.isIntegralNumber() || !Set.of(4, 6, 8).contains(duration.asInt())) {
            error(exchange, 400, "Unsupported output video duration " + duration + " seconds, supported durations are [8,4,6] "
                    + "for feature text_to_video.", "INVALID_ARGUMENT");
            return;
        }
        if (!Set.of("16:9", "9:16").contains(parameters.path("aspectRatio").asString(""))
                || !Set.of("720p", "1080p").contains(parameters.path("resolution").asString(""))) {
            error(exchange, 400, "Unsupported aspect ratio or resolution.", "INVALID_ARGUMENT");
            return;
        }
        String storageUri = parameters.path("storageUri").asString("");
        if (!storageUri.isEmpty() && !storageUri.startsWith("gs://")) {
            error(exchange, 400, "storageUri must be a Cloud Storage URI.", "INVALID_ARGUMENT");
            return;
        }
        if (prompt.contains("[blocked]")) {
            error(exchange, 400, "The prompt could not be submitted. This prompt contains words that violate Vertex AI's "
                    + "usage guidelines. Try rephrasing the prompt. Support codes: 29310472", "INVALID_ARGUMENT");
            return;
        }
        String name = "projects/" + PROJECT + "/locations/" + LOCATION + "/publishers/google/models/" + model
                + "/operations/" + ids.incrementAndGet();
        storage.put(name, storageUri);
        status.put(name, prompt.contains("[unsafe]") ? "filtered" : "running");
        FakeUpstream.json(exchange, 200, "{\"name\":\"" + name + "\"}");
    }

    private void fetch(String model, FakeUpstream.Request request, HttpExchange exchange) throws IOException {
        String name = JSON.readTree(request.body()).path("operationName").asString("");
        String current = status.get(name);
        if (current == null || !name.contains("/models/" + model + "/operations/")) {
            error(exchange, 404, "Operation " + name + " not found.", "NOT_FOUND");
            return;
        }
        if (autoProgress && current.equals("running")
                && reads.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet() >= 2) {
            current = "done";
            status.put(name, current);
        }
        String answer;
        if (current.equals("running")) {
            answer = "{\"name\":\"" + name + "\"}";
        } else if (current.equals("filtered")) {
            answer = "{\"name\":\"" + name + "\",\"done\":true,\"response\":{\"@type\":\"type.googleapis.com/"
                    + "cloud.ai.large_models.vision.GenerateVideoResponse\",\"raiMediaFilteredCount\":1,"
                    + "\"raiMediaFilteredReasons\":[\"58061214\"]}}";
        } else if (current.startsWith("error:")) {
            String[] parts = current.split(":", 3);
            answer = "{\"name\":\"" + name + "\",\"done\":true,\"error\":{\"code\":" + parts[1] + ",\"message\":"
                    + JSON.writeValueAsString(parts[2]) + "}}";
        } else {
            String bucketUri = storage.get(name);
            String result = bucketUri.isEmpty()
                    ? "{\"bytesBase64Encoded\":\"" + Base64.getEncoder().encodeToString(video) + "\",\"mimeType\":\"video/mp4\"}"
                    : "{\"gcsUri\":\"" + object(bucketUri, name) + "\",\"mimeType\":\"video/mp4\"}";
            answer = "{\"name\":\"" + name + "\",\"done\":true,\"response\":{\"@type\":\"type.googleapis.com/"
                    + "cloud.ai.large_models.vision.GenerateVideoResponse\",\"raiMediaFilteredCount\":0,\"videos\":[" + result + "]}}";
        }
        FakeUpstream.json(exchange, 200, answer);
    }

    /** Veo writes gs://BUCKET/PREFIX/<operation id>/sample_0.mp4; the GCS JSON API serves it from then on. */
    private String object(String bucketUri, String operation) {
        String prefix = bucketUri.endsWith("/") ? bucketUri : bucketUri + "/";
        String uri = prefix + operation.substring(operation.lastIndexOf('/') + 1) + "/sample_0.mp4";
        String bucket = uri.substring(5, uri.indexOf('/', 5));
        String object = uri.substring(uri.indexOf('/', 5) + 1);
        // The server routes on the decoded path; the raw one must carry the object name as one encoded segment.
        server.on("GET /storage/v1/b/" + bucket + "/o/" + object, (request, exchange) -> {
            if (!authorized(request, exchange)) {
                return;
            }
            String raw = exchange.getRequestURI().getRawPath();
            if (!raw.endsWith("/o/" + object.replace("/", "%2F")) || request.query() == null
                    || !request.query().contains("alt=media")) {
                error(exchange, 404, "No such object: " + bucket + "/" + raw, "NOT_FOUND");
                return;
            }
            RunwayFake.serveRange(exchange, request.header("Range"), video);
        });
        return uri;
    }

    private boolean authorized(FakeUpstream.Request request, HttpExchange exchange) throws IOException {
        String header = request.header("Authorization");
        if (header == null || !header.startsWith("Bearer ") || !tokens.contains(header.substring(7))) {
            error(exchange, 401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login "
                    + "cookie or other valid authentication credential.", "UNAUTHENTICATED");
            return false;
        }
        return true;
    }

    private static void error(HttpExchange exchange, int code, String message, String status) throws IOException {
        FakeUpstream.json(exchange, code, "{\"error\":{\"code\":" + code + ",\"message\":" + JSON.writeValueAsString(message)
                + ",\"status\":\"" + status + "\"}}");
    }

    @Override
    public void close() {
        server.close();
    }
}
