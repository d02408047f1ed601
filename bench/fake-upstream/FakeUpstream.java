// A fake upstream of the "openai" kind (OpenAI's Videos API: GET {base}/videos/{id},
// GET {base}/videos/{id}/content), in its own process, for bench/sync.sh and bench/content.sh.
// Run with a JDK 25 java, no build:   java bench/fake-upstream/FakeUpstream.java serve PORT
//
// serve PORT            the server. Settings by system property (-Dname=value before the file):
//   delay.ms=20           each status read answers after this long
//   pacing.ms=10000       openai-poll-after-ms on each status answer (the task's pacing interval)
//   content.bytes=209715200  size of every video's content
//   content.mbps=0        paces each download to this many MB/s (10^6 bytes); 0 sends as fast as it can
// Every task is "in_progress" until its flip time, then "completed". POST /admin/flip?fraction=F&from=A&to=B
// gives a fraction F of the ids read from then on a flip time uniformly between now+A and now+B ms.
// GET /admin/stats prints: reads, reads/s since the last reset, overlapping reads of one id, and the lag
// from each flip to the first status read that reported it (p50/p99/max), flips seen and pending.
// POST /admin/reset zeroes the counters.
//
// client URL CONCURRENCY SECONDS   the baseline: reads URL with CONCURRENCY loops, prints reads/s.
// download URL                      the baseline: downloads URL once, prints bytes and MB/s.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

public class FakeUpstream {

    static final long DELAY_MS = Long.getLong("delay.ms", 20);
    static final long PACING_MS = Long.getLong("pacing.ms", 10_000);
    static final long CONTENT_BYTES = Long.getLong("content.bytes", 200L * 1024 * 1024);
    static final long CONTENT_MBPS = Long.getLong("content.mbps", 0);

    static final AtomicLong reads = new AtomicLong();
    static final AtomicLong overlaps = new AtomicLong();
    static final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    static final Map<String, Long> flipAt = new ConcurrentHashMap<>();       // id -> epoch ms of its flip
    static final Map<String, Boolean> decided = new ConcurrentHashMap<>();   // ids given a fate since the last /admin/flip
    static final List<Long> lags = Collections.synchronizedList(new ArrayList<>());
    static final Map<String, Boolean> seen = new ConcurrentHashMap<>();
    static volatile long resetAt = System.currentTimeMillis();
    static volatile double flipFraction;
    static volatile long flipFrom, flipTo;

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "serve" -> serve(Integer.parseInt(args[1]));
            case "client" -> client(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "download" -> download(args[1]);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void serve(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", FakeUpstream::handle);
        server.start();
        System.out.println("fake upstream on " + port + ": delay " + DELAY_MS + " ms, pacing " + PACING_MS + " ms");
    }

    static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.startsWith("/admin/")) {
                admin(exchange, path);
            } else if (method.equals("GET") && path.endsWith("/content")) {
                content(exchange);
            } else if (method.equals("GET") && path.contains("/videos/")) {
                status(exchange, path.substring(path.lastIndexOf('/') + 1));
            } else if (method.equals("DELETE")) {
                send(exchange, 200, "{\"id\":\"x\",\"object\":\"video.deleted\",\"deleted\":true}");
            } else {
                send(exchange, 404, "{\"error\":{\"message\":\"not here\",\"type\":\"invalid_request_error\"}}");
            }
        }
    }

    static void status(HttpExchange exchange, String id) throws IOException {
        AtomicInteger mine = inFlight.computeIfAbsent(id, k -> new AtomicInteger());
        if (mine.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
        }
        try {
            Thread.sleep(DELAY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            mine.decrementAndGet();
        }
        reads.incrementAndGet();
        long now = System.currentTimeMillis();
        if (flipFraction > 0 && decided.putIfAbsent(id, Boolean.TRUE) == null
                && ThreadLocalRandom.current().nextDouble() < flipFraction) {
            flipAt.put(id, now + ThreadLocalRandom.current().nextLong(flipFrom, flipTo + 1));
        }
        Long flip = flipAt.get(id);
        boolean done = flip != null && now >= flip;
        if (done && seen.putIfAbsent(id, Boolean.TRUE) == null) {
            lags.add(now - flip);
        }
        exchange.getResponseHeaders().set("openai-poll-after-ms", Long.toString(PACING_MS));
        send(exchange, 200, """
                {"id":"%s","object":"video","model":"sora-2","status":"%s","progress":%d,"created_at":%d,\
                "completed_at":%s,"expires_at":%s,"seconds":"4","size":"720x1280"}"""
                .formatted(id, done ? "completed" : "in_progress", done ? 100 : 50, now / 1000,
                        done ? Long.toString(now / 1000) : "null", done ? Long.toString(now / 1000 + 86400) : "null"));
    }

    static void content(HttpExchange exchange) throws IOException {
        byte[] chunk = new byte[1 << 20];
        ThreadLocalRandom.current().nextBytes(chunk);
        exchange.getResponseHeaders().set("Content-Type", "video/mp4");
        exchange.sendResponseHeaders(200, CONTENT_BYTES);
        long start = System.nanoTime();
        try (OutputStream out = exchange.getResponseBody()) {
            for (long sent = 0; sent < CONTENT_BYTES; sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, CONTENT_BYTES - sent));
                if (CONTENT_MBPS > 0) { // a real CDN's pace, not this machine's: sleep until on schedule
                    long due = start + (sent + chunk.length) * 1000 / CONTENT_MBPS;
                    long ahead = due - System.nanoTime();
                    if (ahead > 0) {
                        LockSupport.parkNanos(ahead);
                    }
                }
            }
        }
    }

    static void admin(HttpExchange exchange, String path) throws IOException {
        Map<String, String> query = new java.util.HashMap<>();
        String raw = exchange.getRequestURI().getQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        switch (path) {
            case "/admin/reset" -> {
                reads.set(0);
                overlaps.set(0);
                resetAt = System.currentTimeMillis();
                send(exchange, 200, "reset\n");
            }
            case "/admin/flip" -> {
                decided.clear();
                flipFrom = Long.parseLong(query.getOrDefault("from", "0"));
                flipTo = Long.parseLong(query.getOrDefault("to", "0"));
                flipFraction = Double.parseDouble(query.getOrDefault("fraction", "0.1"));
                send(exchange, 200, "flip\n");
            }
            case "/admin/stats" -> {
                long elapsed = Math.max(1, System.currentTimeMillis() - resetAt);
                List<Long> sorted;
                synchronized (lags) {
                    sorted = new ArrayList<>(lags);
                }
                Collections.sort(sorted);
                long now = System.currentTimeMillis();
                long pending = flipAt.entrySet().stream().filter(e -> e.getValue() <= now && !seen.containsKey(e.getKey())).count();
                send(exchange, 200, "reads %d\nreads_per_s %.0f\noverlaps %d\nflips_seen %d\nflips_due_unseen %d\nlag_p50_ms %d\nlag_p99_ms %d\nlag_max_ms %d\n"
                        .formatted(reads.get(), reads.get() * 1000.0 / elapsed, overlaps.get(), sorted.size(), pending,
                                pct(sorted, 0.50), pct(sorted, 0.99), sorted.isEmpty() ? -1 : sorted.getLast()));
            }
            default -> send(exchange, 404, "?\n");
        }
    }

    static long pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }

    static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static void client(String url, int concurrency, int seconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong done = new AtomicLong();
        long end = System.currentTimeMillis() + seconds * 1000L;
        List<Thread> loops = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            int n = i;
            loops.add(Thread.ofVirtual().start(() -> {
                int k = 0;
                while (System.currentTimeMillis() < end) {
                    try {
                        http.send(HttpRequest.newBuilder(URI.create(url + "/baseline_" + n + "_" + (k++))).build(),
                                HttpResponse.BodyHandlers.discarding());
                        done.incrementAndGet();
                    } catch (Exception e) {
                        return;
                    }
                }
            }));
        }
        for (Thread loop : loops) {
            loop.join();
        }
        System.out.printf("%.0f%n", done.get() / (double) seconds);
    }

    static void download(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = response.body()) {
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d %.1f%n", total, total / seconds / 1e6);
    }
}
