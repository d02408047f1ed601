package com.videorelay.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted upstream provider over real HTTP (the JDK's own server), standing in for a paid video
 * API. Tests install a {@link Handler} per route key ({@code "POST /videos"}, {@code "GET /videos/{id}"},
 * {@code "DELETE /videos/{id}"}, {@code "GET /videos/{id}/content"}, {@code "POST /videos/{id}/remix"})
 * and read back every request it received, and how many calls for one upstream id overlapped.
 */
public final class FakeUpstream implements AutoCloseable {

    public record Request(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().getFirst()).orElse(null);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @FunctionalInterface
    public interface Handler {
        void handle(Request request, HttpExchange exchange) throws Exception;
    }

    private final HttpServer server;
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxInFlight = new ConcurrentHashMap<>();
    private final AtomicInteger callsInFlight = new AtomicInteger();
    private final AtomicInteger maxCallsInFlight = new AtomicInteger();

    public FakeUpstream() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::dispatch);
        server.start();
    }

    /** What a test's upstream base-url must be for an OpenAI-shaped upstream (paths below /v1). */
    public String baseUrl() {
        return root() + "/v1";
    }

    /** The server's root, for providers whose base URL is the host itself (their paths start with /v1). */
    public String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeUpstream on(String route, Handler handler) {
        routes.put(route, handler);
        return this;
    }

    public void reset() {
        routes.clear();
        requests.clear();
        inFlight.clear();
        maxInFlight.clear();
        maxCallsInFlight.set(0);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String method, String pathPrefix) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).toList();
    }

    /** The most calls about one upstream id that were ever in progress at the same time. */
    public int maxConcurrentCallsFor(String upstreamId) {
        return maxInFlight.getOrDefault(upstreamId, 0);
    }

    /** The most calls of any kind that were ever in progress at the same time. */
    public int maxConcurrentCalls() {
        return maxCallsInFlight.get();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        maxCallsInFlight.accumulateAndGet(callsInFlight.incrementAndGet(), Math::max);
        try {
            route(exchange);
        } finally {
            callsInFlight.decrementAndGet();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().replaceFirst("^/v1(?=/|$)", "");
        Request request = new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes());
        requests.add(request);
        String key = request.method() + " " + path;
        Handler handler = routes.get(key);
        String id = null;
        if (handler == null) {
            // Patterns such as "GET /videos/{id}" or "GET /tasks/{id}": {id} is one path segment.
            for (Map.Entry<String, Handler> route : routes.entrySet()) {
                java.util.regex.Matcher match = java.util.regex.Pattern.compile(
                        java.util.regex.Pattern.quote(route.getKey()).replace("{id}", "\\E([^/]+)\\Q")).matcher(key);
                if (route.getKey().contains("{id}") && match.matches()) {
                    handler = route.getValue();
                    id = match.group(1);
                    break;
                }
            }
        }
        if (id != null) {
            int now = inFlight.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            maxInFlight.merge(id, now, Math::max);
        }
        try {
            if (handler == null) {
                json(exchange, 404, "{\"error\":{\"message\":\"no route " + key + "\",\"type\":\"invalid_request_error\","
                        + "\"param\":null,\"code\":null}}");
            } else {
                handler.handle(request, exchange);
            }
        } catch (Exception e) {
            // A handler that drops the connection on purpose ends up here too.
        } finally {
            if (id != null) {
                inFlight.get(id).decrementAndGet();
            }
            exchange.close();
        }
    }

    public static void json(HttpExchange exchange, int status, String body) throws IOException {
        json(exchange, status, body, Map.of());
    }

    public static void json(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** An OpenAI Video object as an upstream would send it. */
    public static String video(String id, String status, int progress) {
        return """
                {"id":"%s","object":"video","model":"sora-2","status":"%s","progress":%d,"created_at":1760000000,
                 "completed_at":null,"expires_at":null,"prompt":null,"seconds":"4","size":"720x1280",
                 "remixed_from_video_id":null,"error":null}""".formatted(id, status, progress);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
