package com.videorelay.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Raw HTTP against the running gateway, so tests can assert exact bodies and headers. */
public final class Api {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final int port;

    Api(int port) {
        this.port = port;
    }

    /** For tests that start their own application context rather than {@link IntegrationTest}'s. */
    public static Api on(int port) {
        return new Api(port);
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public HttpResponse<String> get(String path, String apiKey) {
        return send("GET", path, apiKey == null ? null : "Bearer " + apiKey);
    }

    public HttpResponse<String> send(String method, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    public HttpResponse<String> post(String path, String apiKey, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
