package com.videorelay.provider;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.util.Timeout;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP for one upstream, shared by every adapter: a {@link RestClient} for the provider's API and a
 * streaming GET for content. It owns the transport rules that decide how safe a failure is:
 * nothing is retried automatically (a retried submit could pay twice), a call has a whole deadline,
 * and a transport failure is {@link ProviderFailure.Outcome#NOT_CREATED} only when nothing can have
 * reached the provider (connection refused, unknown host, connect timeout). Content addresses the
 * provider hands out are fetched by a client that refuses private and loopback addresses unless the
 * operator allows them.
 */
public final class ProviderHttp implements Closeable {

    /** What a call is for: the same transport failure is ambiguous for a submit, merely retryable otherwise. */
    public enum Operation { SUBMIT, READ, DELETE }

    /** A provider's answer, read whole (bounded): status, headers, body. */
    public record Answer(int status, HttpHeaders headers, byte[] body) {

        public boolean ok() {
            return status / 100 == 2;
        }

        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** Receives a download while it streams. */
    @FunctionalInterface
    public interface ContentSink {
        void accept(int status, Map<String, String> headers, InputStream body) throws IOException;
    }

    /** Thrown by a {@link ContentSink} when writing to the client failed: the client hung up. */
    public static final class ClientGone extends RuntimeException {
        public ClientGone(IOException cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    /** A refreshable content address answered as expired (401, 403, 404 or 410). */
    public static final class ContentExpired extends RuntimeException {
        ContentExpired(int status) {
            super("content address answered " + status, null, false, false);
        }
    }

    /** Headers of a download passed on to the client. Not Content-Disposition: its name is usually the provider's id. */
    static final String[] CONTENT_HEADERS = {"Content-Type", "Content-Length", "Content-Range", "Accept-Ranges",
            "ETag", "Last-Modified"};
    private static final int MAX_ANSWER_BYTES = 1 << 20;
    private static final int MAX_REDIRECTS = 2;

    private final String upstream;
    private final UpstreamProperties settings;
    private final Supplier<URI> baseUrl;
    private final JsonMapper json;
    /** HttpClient's default read buffer: API answers are small. */
    private static final int API_BUFFER_BYTES = 8 * 1024;
    /** Downloads read in 64 KB socket reads, the size the gateway copies on with, not 8 KB ones. */
    private static final int CONTENT_BUFFER_BYTES = 64 * 1024;

    private final CloseableHttpClient api;
    private final CloseableHttpClient content;
    private final RequestConfig downloads;
    private final RestClient.Builder restBuilder;
    private final ScheduledExecutorService deadlines;
    private volatile RestClient rest;

    ProviderHttp(UpstreamProperties settings, Supplier<URI> baseUrl, JsonMapper json, RestClient.Builder restBuilder) {
        this.upstream = settings.name();
        this.settings = settings;
        this.baseUrl = baseUrl;
        this.json = json;
        this.restBuilder = restBuilder;
        this.api = client(settings, SystemDefaultDnsResolver.INSTANCE, API_BUFFER_BYTES);
        this.content = client(settings, settings.allowPrivateAddresses() ? SystemDefaultDnsResolver.INSTANCE
                : new PublicAddressesOnly(), CONTENT_BUFFER_BYTES);
        // Per read, not per download: a long video keeps streaming as long as bytes keep coming.
        this.downloads = RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(settings.connectTimeout()))
                .setResponseTimeout(Timeout.of(settings.contentIdleTimeout()))
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("upstream-" + upstream + "-deadlines").factory());
    }

    private static CloseableHttpClient client(UpstreamProperties settings, DnsResolver dns, int bufferBytes) {
        int connections = settings.maxConcurrency() + settings.maxDownloads();
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(dns)
                        .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                                .http1Config(Http1Config.custom().setBufferSize(bufferBytes).build())
                                .build())
                        .setMaxConnTotal(connections)
                        .setMaxConnPerRoute(connections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                                .setSocketTimeout(Timeout.of(settings.requestTimeout()))
                                .setValidateAfterInactivity(Timeout.ofSeconds(2))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(settings.connectTimeout()))
                        .setResponseTimeout(Timeout.of(settings.requestTimeout()))
                        .build())
                .disableAutomaticRetries() // a retried submit could make two paid videos
                .disableRedirectHandling() // a redirect would carry the credential along
                .disableContentCompression() // bytes pass through as sent, or Content-Length and Range break
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("VideoRelay")
                .build();
    }

    public String upstream() {
        return upstream;
    }

    public URI baseUrl() {
        return baseUrl.get();
    }

    /** The provider's API: base URL set; each adapter adds its own auth headers per call. */
    public RestClient rest() {
        RestClient current = rest;
        if (current == null) {
            // Built on first use: the simulator's base URL is known only once the server listens.
            String base = baseUrl.get().toString();
            current = restBuilder.clone()
                    .baseUrl(base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                    .requestFactory(new HttpComponentsClientHttpRequestFactory(api))
                    .build();
            rest = current;
        }
        return current;
    }

    /**
     * Runs one API call and reads its answer whole, within the upstream's request timeout. Transport
     * failures come out classified for {@code operation}; any HTTP status comes back as an answer for
     * the adapter to classify by its provider's documentation.
     */
    public Answer exchange(Operation operation, Function<RestClient, RestClient.RequestHeadersSpec<?>> request) {
        return exchange(operation, MAX_ANSWER_BYTES, request);
    }

    /**
     * The same, for an answer that may be larger than the usual 1 MB (Vertex returns a video inline): an
     * answer over {@code maxBytes} comes back with an empty body.
     */
    public Answer exchange(Operation operation, int maxBytes,
                           Function<RestClient, RestClient.RequestHeadersSpec<?>> request) {
        Thread caller = Thread.currentThread();
        // The socket timeout bounds each read; this bounds the whole call, however the provider trickles.
        ScheduledFuture<?> deadline = deadlines.schedule(caller::interrupt, settings.requestTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            return request.apply(rest()).exchange((req, response) -> new Answer(response.getStatusCode().value(),
                    HttpHeaders.readOnlyHttpHeaders(response.getHeaders()), readBounded(response.getBody(), maxBytes)), true);
        } catch (RestClientException failed) {
            boolean timedOut = !deadline.cancel(false);
            throw transportFailure(failed, operation, timedOut);
        } finally {
            if (!deadline.cancel(false)) {
                Thread.interrupted(); // the deadline fired as the call ended: not a real interrupt
            }
        }
    }

    /** Reads a JSON answer as {@code type}; an unreadable one is ambiguous for a submit, retryable otherwise. */
    public <T> T json(Answer answer, Class<T> type, Operation operation) {
        try {
            T value = json.readValue(answer.body(), type);
            if (value == null) {
                throw new IllegalArgumentException("empty");
            }
            return value;
        } catch (RuntimeException unreadable) {
            throw ProviderFailure.of(operation == Operation.SUBMIT ? ProviderFailure.Outcome.AMBIGUOUS
                            : ProviderFailure.Outcome.RETRYABLE, ProviderFailure.Reason.BAD_RESPONSE,
                    upstream + ": HTTP " + answer.status() + " answer is not the documented JSON").status(answer.status())
                    .build();
        }
    }

    /** The same, but null instead of a failure, for error bodies whose shape is only a hint. */
    public <T> T jsonOrNull(Answer answer, Class<T> type) {
        try {
            return json.readValue(answer.body(), type);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * The usual meaning of an HTTP error, for adapters whose provider documents nothing more specific:
     * on a submit, 429, 401/403, 404 and 503 prove nothing was created; another 4xx is the request's
     * fault; any other 5xx may have created the video. On reads and deletes, 404 means gone and
     * everything else is retried.
     */
    public ProviderFailure.Builder failure(Answer answer, Operation operation, String detail) {
        int status = answer.status();
        String what = upstream + ": HTTP " + status + (detail == null ? "" : ": " + detail);
        Duration retryAfter = retryAfter(answer.header(HttpHeaders.RETRY_AFTER));
        ProviderFailure.Builder failure;
        if (operation == Operation.SUBMIT) {
            failure = switch (status) {
                case 429 -> ProviderFailure.of(ProviderFailure.Outcome.NOT_CREATED, ProviderFailure.Reason.RATE_LIMITED, what);
                case 401, 403, 404 -> ProviderFailure.of(ProviderFailure.Outcome.NOT_CREATED,
                        ProviderFailure.Reason.MISCONFIGURED, what);
                case 503 -> ProviderFailure.of(ProviderFailure.Outcome.NOT_CREATED, ProviderFailure.Reason.SERVER_ERROR, what);
                default -> status >= 400 && status < 500
                        ? ProviderFailure.of(ProviderFailure.Outcome.REJECTED, ProviderFailure.Reason.BAD_REQUEST, what)
                        : ProviderFailure.of(ProviderFailure.Outcome.AMBIGUOUS, ProviderFailure.Reason.SERVER_ERROR, what);
            };
        } else {
            failure = switch (status) {
                case 404, 410 -> ProviderFailure.of(ProviderFailure.Outcome.GONE, ProviderFailure.Reason.NOT_FOUND, what);
                case 429 -> ProviderFailure.of(ProviderFailure.Outcome.RETRYABLE, ProviderFailure.Reason.RATE_LIMITED, what);
                case 401, 403 -> ProviderFailure.of(ProviderFailure.Outcome.RETRYABLE,
                        ProviderFailure.Reason.MISCONFIGURED, what);
                default -> ProviderFailure.of(ProviderFailure.Outcome.RETRYABLE, status >= 500
                        ? ProviderFailure.Reason.SERVER_ERROR : ProviderFailure.Reason.BAD_RESPONSE, what);
            };
        }
        return failure.status(status).retryAfter(retryAfter);
    }

    /**
     * Streams one asset to {@code sink} while it arrives; nothing is buffered beyond one read. A
     * redirect is followed (at most twice) without the source's headers, only to a host the adapter
     * expects. 200, 206 and 416 go to the sink; an expired refreshable address is {@link ContentExpired}.
     */
    public void stream(ContentSource source, String range, String ifRange, ContentSink sink) {
        if (source.local() != null) {
            try {
                source.local().stream(range, ifRange, sink);
            } catch (IOException e) {
                throw ProviderFailure.of(ProviderFailure.Outcome.RETRYABLE, ProviderFailure.Reason.UNREACHABLE,
                        upstream + ": stored content: " + e).build();
            }
            return;
        }
        URI url = source.url();
        boolean first = true;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            if (!first && !settings.expectsContentHost(url.getHost())) {
                throw ProviderFailure.of(ProviderFailure.Outcome.RETRYABLE, ProviderFailure.Reason.BAD_RESPONSE,
                        upstream + ": content redirected to an unexpected host").build();
            }
            URI next = streamOnce(url, first ? source.headers() : Map.of(), first && isApi(url) ? api : content,
                    range, ifRange, source.refreshable(), sink);
            if (next == null) {
                return;
            }
            url = url.resolve(next);
            first = false;
        }
        throw ProviderFailure.of(ProviderFailure.Outcome.RETRYABLE, ProviderFailure.Reason.BAD_RESPONSE,
                upstream + ": content redirected too often").build();
    }

    /** The operator configured the API's address, so it may be private; addresses a provider hands out may not. */
    private boolean isApi(URI url) {
        URI base = baseUrl.get();
        return base.getHost() != null && base.getHost().equalsIgnoreCase(url.getHost()) && base.getPort() == url.getPort();
    }

    private URI streamOnce(URI url, Map<String, String> headers, CloseableHttpClient http, String range, String ifRange,
                           boolean refreshable, ContentSink sink) {
        HttpGet get = new HttpGet(url);
        get.setConfig(downloads);
        headers.forEach(get::setHeader);
        if (range != null) {
            get.setHeader("Range", range);
        }
        if (ifRange != null) {
            get.setHeader("If-Range", ifRange);
        }
        get.setHeader("Accept", "*/*");
        try {
            return http.execute(get, response -> {
                int status = response.getCode();
                Header location = response.getFirstHeader("Location");
                if (status / 100 == 3 && status != 304 && location != null) {
                    return URI.create(location.getValue());
                }
                if (status == 200 || status == 206 || status == 416) {
                    Map<String, String> passed = new LinkedHashMap<>();
                    for (String name : CONTENT_HEADERS) {
                        Header header = response.getFirstHeader(name);
                        if (header != null) {
                            passed.put(name, header.getValue());
                        }
                    }
                    HttpEntity entity = response.getEntity();
                    InputStream body = entity == null ? InputStream.nullInputStream() : entity.getContent();
                    try {
                        sink.accept(status, passed, body);
                    } catch (IOException | RuntimeException | Error failed) {
                        // Closing would first read the rest of the file (to reuse the connection): drop it instead.
                        get.cancel();
                        throw failed;
                    }
                    body.close();
                    return null;
                }
                if (refreshable && (status == 401 || status == 403 || status == 404 || status == 410)) {
                    throw new ContentExpired(status);
                }
                throw ProviderFailure.of(status == 404 || status == 410 ? ProviderFailure.Outcome.GONE
                                : ProviderFailure.Outcome.RETRYABLE,
                        status == 404 || status == 410 ? ProviderFailure.Reason.NOT_FOUND : ProviderFailure.Reason.SERVER_ERROR,
                        upstream + ": content answered HTTP " + status).status(status).build();
            });
        } catch (ProviderFailure | ContentExpired | ClientGone failure) {
            throw failure;
        } catch (IOException e) {
            throw ProviderFailure.of(ProviderFailure.Outcome.RETRYABLE, ProviderFailure.Reason.UNREACHABLE,
                    upstream + ": content: " + e).build();
        } catch (IllegalArgumentException badLocation) {
            throw ProviderFailure.of(ProviderFailure.Outcome.RETRYABLE, ProviderFailure.Reason.BAD_RESPONSE,
                    upstream + ": unusable redirect").build();
        }
    }

    private ProviderFailure transportFailure(RestClientException failed, Operation operation, boolean timedOut) {
        Throwable cause = failed;
        boolean notSent = false;
        boolean timeout = timedOut;
        for (Throwable t = failed; t != null; t = t.getCause()) {
            if (t instanceof ConnectTimeoutException || t instanceof ConnectionRequestTimeoutException
                    || t instanceof ConnectException || t instanceof UnknownHostException) {
                notSent = true;
                timeout = timeout || t instanceof ConnectTimeoutException || t instanceof ConnectionRequestTimeoutException;
                cause = t;
                break;
            }
            if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
                timeout = true;
                cause = t;
            }
        }
        ProviderFailure.Reason reason = timeout ? ProviderFailure.Reason.TIMEOUT : ProviderFailure.Reason.UNREACHABLE;
        String detail = upstream + ": " + (timedOut ? "no answer within " + settings.requestTimeout() : cause.toString());
        ProviderFailure.Outcome outcome;
        if (operation != Operation.SUBMIT) {
            outcome = ProviderFailure.Outcome.RETRYABLE;
        } else {
            // Refused or never connected: nothing reached the provider. Anything after sending may have created the video.
            outcome = notSent ? ProviderFailure.Outcome.NOT_CREATED : ProviderFailure.Outcome.AMBIGUOUS;
        }
        return ProviderFailure.of(outcome, reason, detail).build();
    }

    private static byte[] readBounded(InputStream body, int maxBytes) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        byte[] bytes = body.readNBytes(maxBytes + 1);
        return bytes.length > maxBytes ? Arrays.copyOf(bytes, 0) : bytes;
    }

    /**
     * An uploaded file as one part of a multipart request, streamed from {@code content} (opened by the
     * caller, who closes it). An odd declared type is sent as plain bytes.
     */
    public static org.springframework.http.HttpEntity<org.springframework.core.io.Resource> filePart(
            String name, Submission.Upload upload, InputStream content) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentDisposition(org.springframework.http.ContentDisposition.formData().name(name)
                .filename(upload.filename() == null ? name : upload.filename()).build());
        org.springframework.http.MediaType type;
        try {
            type = upload.contentType() == null ? org.springframework.http.MediaType.APPLICATION_OCTET_STREAM
                    : org.springframework.http.MediaType.parseMediaType(upload.contentType());
        } catch (RuntimeException unparsable) {
            type = org.springframework.http.MediaType.APPLICATION_OCTET_STREAM;
        }
        headers.setContentType(type);
        return new org.springframework.http.HttpEntity<>(new org.springframework.core.io.InputStreamResource(content) {
            @Override
            public long contentLength() {
                return upload.size() > 0 ? upload.size() : -1;
            }

            @Override
            public String getFilename() {
                return upload.filename() == null ? name : upload.filename();
            }
        }, headers);
    }

    /** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
    public static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    /** Resolves like the system, but refuses loopback, private, link-local and other non-public addresses. */
    static final class PublicAddressesOnly implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] all = SystemDefaultDnsResolver.INSTANCE.resolve(host);
            InetAddress[] open = Arrays.stream(all).filter(address -> !isPrivate(address)).toArray(InetAddress[]::new);
            if (open.length == 0) {
                throw new UnknownHostException(host + " resolves only to private addresses, which content downloads "
                        + "may not use (see allow-private-addresses)");
            }
            return open;
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
        }

        static boolean isPrivate(InetAddress address) {
            byte[] raw = address.getAddress();
            boolean uniqueLocalV6 = raw.length == 16 && (raw[0] & 0xfe) == 0xfc;
            boolean sharedV4 = raw.length == 4 && (raw[0] & 0xff) == 100 && (raw[1] & 0xc0) == 64; // 100.64.0.0/10
            return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                    || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocalV6 || sharedV4;
        }
    }

    static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        api.close();
        content.close();
    }
}
