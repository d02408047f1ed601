package com.videorelay.upstream;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpDelete;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's Videos API, spoken to one upstream. Calls are plain blocking HTTP on the caller's
 * (virtual) thread; every failure comes out as an {@link UpstreamFailure} of the right kind. The
 * credential goes into a header and nowhere else.
 */
class UpstreamClient implements Closeable {

    /**
     * Headers of a content download worth passing on to the client; the rest is the upstream's
     * business. Not Content-Disposition: its file name is usually the upstream's own video id.
     */
    static final String[] CONTENT_HEADERS = {"Content-Type", "Content-Length", "Content-Range", "Accept-Ranges",
            "ETag", "Last-Modified"};

    private static final int MAX_JSON_BYTES = 1 << 20;

    private final UpstreamProperties settings;
    private final Supplier<URI> baseUrl;
    private final JsonMapper json;
    private final CloseableHttpClient http;
    private final RequestConfig apiCalls;
    private final RequestConfig downloads;
    private final ScheduledExecutorService deadlines;

    UpstreamClient(UpstreamProperties settings, Supplier<URI> baseUrl, JsonMapper json) {
        this.settings = settings;
        this.baseUrl = baseUrl;
        this.json = json;
        int connections = settings.maxConcurrency() + settings.maxDownloads();
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(connections)
                        .setMaxConnPerRoute(connections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                                .setSocketTimeout(Timeout.of(settings.requestTimeout()))
                                .build())
                        .build())
                .disableAutomaticRetries() // a retried create could make two paid videos
                .disableRedirectHandling() // a redirect would carry the credential along; see download()
                // Bytes pass through as sent: decompressing here would break Content-Length and Range.
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("VideoRelay")
                .build();
        this.apiCalls = RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(settings.connectTimeout()))
                .setResponseTimeout(Timeout.of(settings.requestTimeout()))
                .build();
        // Per read, not per download: a long video keeps streaming as long as bytes keep coming.
        this.downloads = RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(settings.connectTimeout()))
                .setResponseTimeout(Timeout.of(settings.contentIdleTimeout()))
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("upstream-" + settings.name() + "-deadlines").factory());
    }

    UpstreamVideo create(NewVideo video) {
        HttpPost post = new HttpPost(url("/videos"));
        InputStream upload = null;
        if (video.upload() != null) {
            MultipartEntityBuilder form = MultipartEntityBuilder.create().setMode(
                    org.apache.hc.client5.http.entity.mime.HttpMultipartMode.EXTENDED);
            text(form, "model", settings.upstreamModel(video.model()));
            text(form, "prompt", video.prompt());
            text(form, "seconds", video.seconds());
            text(form, "size", video.size());
            NewVideo.Upload file = video.upload();
            try {
                upload = file.opener().open();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            form.addBinaryBody("input_reference", upload, contentType(file.contentType()),
                    file.filename() == null ? "input_reference" : file.filename());
            post.setEntity(form.build());
        } else {
            ObjectNode body = json.createObjectNode();
            body.put("model", settings.upstreamModel(video.model()));
            body.put("prompt", video.prompt());
            if (video.seconds() != null) {
                body.put("seconds", video.seconds());
            }
            if (video.size() != null) {
                body.put("size", video.size());
            }
            if (video.imageUrl() != null || video.fileId() != null) {
                ObjectNode reference = body.putObject("input_reference");
                if (video.imageUrl() != null) {
                    reference.put("image_url", video.imageUrl());
                }
                if (video.fileId() != null) {
                    reference.put("file_id", video.fileId());
                }
            }
            post.setEntity(jsonEntity(body));
        }
        try {
            return call(post);
        } finally {
            closeQuietly(upload); // also when the call failed before the upload was sent
        }
    }

    private static void closeQuietly(InputStream stream) {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // A temporary file of this request: nothing left to do with it.
            }
        }
    }

    UpstreamVideo remix(String upstreamId, String prompt) {
        HttpPost post = new HttpPost(url("/videos/" + encode(upstreamId) + "/remix"));
        ObjectNode body = json.createObjectNode();
        body.put("prompt", prompt);
        post.setEntity(jsonEntity(body));
        return call(post);
    }

    UpstreamVideo retrieve(String upstreamId) {
        return call(new HttpGet(url("/videos/" + encode(upstreamId))));
    }

    /** Deletes the upstream's copy; an upstream that no longer has it counts as done. */
    void delete(String upstreamId) {
        try {
            call(new HttpDelete(url("/videos/" + encode(upstreamId))));
        } catch (UpstreamFailure failure) {
            if (failure.kind() != UpstreamFailure.Kind.NOT_FOUND) {
                throw failure;
            }
        }
    }

    /**
     * Streams one asset to {@code sink} while it arrives: nothing is buffered beyond one read.
     * 200, 206 and 416 go to the sink with their headers; anything else is a failure.
     */
    void download(String upstreamId, String variant, String range, String ifRange, ContentSink sink) {
        URI asset = url("/videos/" + encode(upstreamId) + "/content?variant=" + encode(variant));
        // A provider may send the bytes from elsewhere (blob storage, a CDN): follow one redirect,
        // without the credential, which is for the provider's API only.
        URI location = stream(asset, true, range, ifRange, sink);
        if (location != null && stream(asset.resolve(location), false, range, ifRange, sink) != null) {
            throw UpstreamFailure.of(settings.name(), UpstreamFailure.Kind.BAD_RESPONSE, "content redirected twice");
        }
    }

    /** One GET of an asset; the redirect target if the answer is a redirect, else null once streamed. */
    private URI stream(URI asset, boolean withCredential, String range, String ifRange, ContentSink sink) {
        HttpGet get = new HttpGet(asset);
        get.setConfig(downloads);
        if (withCredential) {
            authorize(get);
        }
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
                    Map<String, String> headers = new LinkedHashMap<>();
                    for (String name : CONTENT_HEADERS) {
                        Header header = response.getFirstHeader(name);
                        if (header != null) {
                            headers.put(name, header.getValue());
                        }
                    }
                    HttpEntity entity = response.getEntity();
                    InputStream body = entity == null ? InputStream.nullInputStream() : entity.getContent();
                    try {
                        sink.accept(status, headers, body);
                    } catch (IOException | RuntimeException | Error failed) {
                        // Closing the stream would read the rest of the file first (HttpCore drains it to reuse
                        // the connection): for a client that hung up or a stalled upstream, drop it instead.
                        get.cancel();
                        throw failed;
                    }
                    body.close();
                    return null;
                }
                throw failureFrom(response);
            });
        } catch (UpstreamFailure failure) {
            throw failure;
        } catch (IOException e) {
            throw transportFailure(e);
        } catch (IllegalArgumentException badLocation) {
            throw UpstreamFailure.of(settings.name(), UpstreamFailure.Kind.BAD_RESPONSE, "unusable redirect");
        }
    }

    /** Receives a download as it streams. */
    @FunctionalInterface
    interface ContentSink {
        void accept(int status, Map<String, String> headers, InputStream body) throws IOException;
    }

    private UpstreamVideo call(HttpUriRequestBase request) {
        request.setConfig(apiCalls);
        authorize(request);
        request.setHeader("Accept", "application/json");
        // The socket timeout bounds each read; this bounds the whole call, however the upstream trickles.
        ScheduledFuture<?> deadline = deadlines.schedule(request::cancel,
                settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            return http.execute(request, response -> {
                if (response.getCode() / 100 != 2) {
                    throw failureFrom(response);
                }
                return videoFrom(response);
            });
        } catch (UpstreamFailure failure) {
            throw failure;
        } catch (IOException e) {
            throw request.isCancelled()
                    ? UpstreamFailure.of(settings.name(), UpstreamFailure.Kind.TIMEOUT,
                    "no answer within " + settings.requestTimeout())
                    : transportFailure(e);
        } finally {
            deadline.cancel(false);
        }
    }

    private UpstreamVideo videoFrom(ClassicHttpResponse response) throws IOException {
        JsonNode body;
        try {
            body = json.readTree(EntityUtils.toByteArray(response.getEntity(), MAX_JSON_BYTES));
        } catch (RuntimeException unreadable) {
            throw UpstreamFailure.of(settings.name(), UpstreamFailure.Kind.BAD_RESPONSE, "body is not JSON");
        }
        if (body == null || !body.isObject()) {
            throw UpstreamFailure.of(settings.name(), UpstreamFailure.Kind.BAD_RESPONSE, "body is not a JSON object");
        }
        String id = text(body, "id");
        if (id == null) {
            throw UpstreamFailure.of(settings.name(), UpstreamFailure.Kind.BAD_RESPONSE, "answer has no id");
        }
        JsonNode error = body.path("error");
        return new UpstreamVideo(
                id,
                text(body, "status"),
                body.path("progress").isNumber() ? body.path("progress").asInt() : null,
                text(body, "model"),
                body.path("seconds").isValueNode() && !body.path("seconds").isNull() ? body.path("seconds").asString() : null,
                text(body, "size"),
                body.path("completed_at").isNumber() ? body.path("completed_at").asLong() : null,
                body.path("expires_at").isNumber() ? body.path("expires_at").asLong() : null,
                error.isObject() ? text(error, "code") : null,
                error.isObject() ? text(error, "message") : null,
                pollAfter(response));
    }

    private static Long pollAfter(ClassicHttpResponse response) {
        Header header = response.getFirstHeader("openai-poll-after-ms");
        if (header == null) {
            return null;
        }
        try {
            long millis = Long.parseLong(header.getValue().trim());
            return millis >= 0 ? millis : null;
        } catch (NumberFormatException ignored) {
            return null;
        }
    }

    private UpstreamFailure failureFrom(ClassicHttpResponse response) {
        int status = response.getCode();
        String message = null;
        String param = null;
        String code = null;
        try {
            JsonNode error = json.readTree(EntityUtils.toByteArray(response.getEntity(), MAX_JSON_BYTES)).path("error");
            message = text(error, "message");
            param = text(error, "param");
            code = text(error, "code");
        } catch (IOException | RuntimeException unreadable) {
            // Not OpenAI's envelope: the status alone has to do.
        }
        UpstreamFailure.Kind kind = switch (status) {
            case 401, 403 -> UpstreamFailure.Kind.MISCONFIGURED;
            case 404 -> UpstreamFailure.Kind.NOT_FOUND;
            case 408 -> UpstreamFailure.Kind.TIMEOUT;
            case 429 -> UpstreamFailure.Kind.RATE_LIMITED;
            default -> status >= 500 ? UpstreamFailure.Kind.SERVER_ERROR
                    : status >= 400 ? UpstreamFailure.Kind.REJECTED : UpstreamFailure.Kind.BAD_RESPONSE;
        };
        return new UpstreamFailure(settings.name(), kind, status, message == null ? "no message" : message,
                message, param, code);
    }

    private UpstreamFailure transportFailure(IOException e) {
        boolean timedOut = e instanceof SocketTimeoutException || e instanceof ConnectTimeoutException
                || e instanceof InterruptedIOException;
        return UpstreamFailure.of(settings.name(),
                timedOut ? UpstreamFailure.Kind.TIMEOUT : UpstreamFailure.Kind.UNREACHABLE, e.toString());
    }

    private void authorize(HttpUriRequestBase request) {
        if (settings.kind() == UpstreamKind.AZURE) {
            request.setHeader("api-key", settings.apiKey());
        } else {
            request.setHeader("Authorization", "Bearer " + settings.apiKey());
        }
    }

    private URI url(String path) {
        String base = baseUrl.get().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    private ByteArrayEntity jsonEntity(JsonNode body) {
        return new ByteArrayEntity(json.writeValueAsBytes(body), ContentType.APPLICATION_JSON);
    }

    /** The client's own part header, if it makes sense; anything odd is sent as plain bytes. */
    private static ContentType contentType(String declared) {
        try {
            return declared == null ? ContentType.APPLICATION_OCTET_STREAM : ContentType.parse(declared);
        } catch (RuntimeException unparsable) {
            return ContentType.APPLICATION_OCTET_STREAM;
        }
    }

    private static void text(MultipartEntityBuilder form, String name, String value) {
        if (value != null) {
            form.addTextBody(name, value, ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        http.close();
    }
}
