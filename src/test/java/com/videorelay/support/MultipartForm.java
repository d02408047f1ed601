package com.videorelay.support;

/** A multipart/form-data body written by hand, so tests control every header of every part. */
public final class MultipartForm {

    private static final String BOUNDARY = "----videorelay-test";

    private final StringBuilder body = new StringBuilder();

    public MultipartForm field(String name, String value) {
        body.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=\"").append(name)
                .append("\"\r\n\r\n").append(value).append("\r\n");
        return this;
    }

    /** A file part; {@code contentType} is written as given, however odd. */
    public MultipartForm file(String name, String filename, String contentType, String content) {
        body.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=\"").append(name)
                .append("\"; filename=\"").append(filename).append("\"\r\nContent-Type: ").append(contentType)
                .append("\r\n\r\n").append(content).append("\r\n");
        return this;
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

    public String body() {
        return body + "--" + BOUNDARY + "--\r\n";
    }
}
