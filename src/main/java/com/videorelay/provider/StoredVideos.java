package com.videorelay.provider;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Videos a provider returns inline rather than at an address (Vertex AI Veo without a storage-uri), kept
 * in PostgreSQL ({@code stored_videos}) so every replica can serve them and they go with the database's
 * backups and retention. Served in slices of {@link #CHUNK} bytes, one short query each: a download never
 * holds a connection or the whole video.
 */
@Component
public class StoredVideos {

    /** Bytes fetched per query while streaming. */
    static final int CHUNK = 1 << 20;
    /** Kept a little past the task's expires_at, which the sync computes a moment after the save. */
    static final Duration SLACK = Duration.ofMinutes(1);
    private static final Pattern ONE_RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{0,18})|bytes=-(\\d{1,18})");

    private final JdbcClient jdbc;

    StoredVideos(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a finished video until {@code retention} from now. Storing the same task twice keeps the first copy. */
    public void save(String upstream, String providerTaskId, String contentType, byte[] bytes, Duration retention) {
        try {
            jdbc.sql("""
                            insert into stored_videos (upstream_name, upstream_video_id, content_type, size, sha256, content, expires_at)
                            values (?, ?, ?, ?, ?, ?, ?)
                            on conflict do nothing""")
                    .params(upstream, providerTaskId, contentType, bytes.length, sha256(bytes), bytes,
                            Timestamp.from(Instant.now().plus(retention).plus(SLACK)))
                    .update();
        } catch (DataAccessException failed) {
            throw ProviderFailure.of(ProviderFailure.Outcome.RETRYABLE, ProviderFailure.Reason.SERVER_ERROR,
                    upstream + ": could not store the video: " + failed.getMostSpecificCause()).build();
        }
    }

    /** The stored video as a download source; empty if there is none (deleted, or expired and purged). */
    public Optional<ContentSource> source(String upstream, String providerTaskId) {
        try {
            return jdbc.sql("select content_type, size, sha256 from stored_videos where upstream_name = ? and upstream_video_id = ?")
                    .params(upstream, providerTaskId)
                    .query((rs, row) -> new Stored(upstream, providerTaskId, rs.getString(1), rs.getLong(2), rs.getString(3)))
                    .optional().map(ContentSource::local);
        } catch (DataAccessException failed) {
            throw ProviderFailure.of(ProviderFailure.Outcome.RETRYABLE, ProviderFailure.Reason.SERVER_ERROR,
                    upstream + ": could not read the stored video: " + failed.getMostSpecificCause()).build();
        }
    }

    public void remove(String upstream, String providerTaskId) {
        jdbc.sql("delete from stored_videos where upstream_name = ? and upstream_video_id = ?")
                .params(upstream, providerTaskId).update();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** One stored video: answers a download like a provider would (RFC 9110 single ranges, If-Range by ETag). */
    private final class Stored implements ContentSource.Local {

        private final String upstream;
        private final String providerTaskId;
        private final String contentType;
        private final long size;
        private final String etag;

        Stored(String upstream, String providerTaskId, String contentType, long size, String sha256) {
            this.upstream = upstream;
            this.providerTaskId = providerTaskId;
            this.contentType = contentType;
            this.size = size;
            this.etag = "\"" + sha256.substring(0, 32) + "\"";
        }

        @Override
        public void stream(String range, String ifRange, ProviderHttp.ContentSink sink) throws IOException {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", contentType);
            headers.put("Accept-Ranges", "bytes");
            headers.put("ETag", etag);
            // If-Range with another validator (or a date: the gateway has none to compare) means "send it all".
            Matcher match = range == null || (ifRange != null && !ifRange.equals(etag)) ? null : ONE_RANGE.matcher(range);
            if (match == null || !match.matches()) {
                headers.put("Content-Length", Long.toString(size));
                sink.accept(200, headers, new Slices(0, size));
                return;
            }
            long first;
            long last;
            if (match.group(3) != null) {
                first = Math.max(0, size - Long.parseLong(match.group(3)));
                last = size - 1;
            } else {
                first = Long.parseLong(match.group(1));
                last = match.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(match.group(2)), size - 1);
            }
            if (first >= size || last < first) {
                headers.put("Content-Range", "bytes */" + size);
                sink.accept(416, headers, InputStream.nullInputStream());
                return;
            }
            headers.put("Content-Range", "bytes " + first + "-" + last + "/" + size);
            headers.put("Content-Length", Long.toString(last - first + 1));
            sink.accept(206, headers, new Slices(first, last + 1));
        }

        /** Bytes [from, to) of the video, fetched a chunk at a time. */
        private final class Slices extends InputStream {
            private long next;
            private final long end;
            private byte[] chunk = new byte[0];
            private int offset;

            Slices(long from, long to) {
                this.next = from;
                this.end = to;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (offset == chunk.length) {
                    if (next >= end) {
                        return -1;
                    }
                    chunk = fetch(next, (int) Math.min(CHUNK, end - next));
                    offset = 0;
                    next += chunk.length;
                }
                int count = Math.min(len, chunk.length - offset);
                System.arraycopy(chunk, offset, buffer, off, count);
                offset += count;
                return count;
            }

            private byte[] fetch(long from, int length) throws IOException {
                try {
                    byte[] bytes = jdbc.sql("""
                                    select substring(content from ?::integer for ?::integer) from stored_videos
                                     where upstream_name = ? and upstream_video_id = ?""")
                            .params(Math.toIntExact(from + 1), length, upstream, providerTaskId)
                            .query(byte[].class).optional().orElse(null);
                    if (bytes == null || bytes.length != length) {
                        throw new IOException("the stored video was removed while it was being sent");
                    }
                    return bytes;
                } catch (DataAccessException failed) {
                    throw new IOException("reading the stored video failed: " + failed.getMostSpecificCause(), failed);
                }
            }
        }
    }
}
