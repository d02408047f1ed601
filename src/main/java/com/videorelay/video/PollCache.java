package com.videorelay.video;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The status poll's answers, kept in memory so that a poll costs no database round trip.
 *
 * <p>What keeps it right:
 * <ul>
 *   <li>Every change to what a poll shows, and every deletion, by any replica or by hand, makes
 *       PostgreSQL send {@code NOTIFY videorelay_video_tasks, '<id>'} at commit (triggers in
 *       {@code V7__notify_poll_caches_of_task_changes.sql}); this replica listens on its own
 *       connection and forgets the task when the notification arrives, normally within milliseconds.
 *       A delete through this replica's API also forgets it before answering.</li>
 *   <li>Nothing is served from or put into the cache unless the listener is connected; when its
 *       connection fails, everything is forgotten and polls read PostgreSQL until it is back. The
 *       connection is checked every {@link #CHECK_EVERY_MS} ms.</li>
 *   <li>A read that raced with a change is not kept: each stripe of ids has a counter that every
 *       forget bumps, and an answer is kept only if its stripe's counter did not move between just
 *       before the query and just after the answer was stored.</li>
 *   <li>An entry remembers its project: another project's poll of the id is the usual 404.</li>
 *   <li>Entries are dropped after {@code max-age} whatever happens, as a safety net.</li>
 * </ul>
 * 404s are not kept: a task that appears later (an insert) needs no notification.
 */
@Component
public class PollCache implements SmartLifecycle {

    static final String CHANNEL = "videorelay_video_tasks";
    /** The listener connection's application_name in pg_stat_activity. */
    static final String APPLICATION_NAME = "videorelay-poll-cache";
    static final long CHECK_EVERY_MS = 1_000;
    private static final int STRIPES = 1024;
    private static final Logger log = LoggerFactory.getLogger(PollCache.class);

    /**
     * One task as the poll answers it: the Video object's JSON, written once, and what the
     * {@code openai-poll-after-ms} header needs.
     *
     * @param syncInMs for a running task, ms from {@code loadedNanos} to its next sync (negative when
     *                 overdue); null if none
     */
    record Entry(long projectId, byte[] json, boolean running, Long syncInMs, long loadedNanos) {

        Long pollAfterMs() {
            if (!running) {
                return null;
            }
            if (syncInMs == null) {
                return VideoService.DEFAULT_POLL_AFTER_MS;
            }
            long left = syncInMs - (System.nanoTime() - loadedNanos) / 1_000_000;
            return Math.max(VideoService.MIN_POLL_AFTER_MS, left);
        }
    }

    private final boolean enabled;
    private final Cache<String, Entry> entries;
    private final AtomicLongArray stamps = new AtomicLongArray(STRIPES);
    private final DataSource dataSource;
    private volatile boolean listening;
    private volatile boolean running;
    private volatile Thread listener;

    PollCache(PollCacheProperties properties, DataSource dataSource) {
        this.enabled = properties.enabled() && dataSource instanceof HikariDataSource;
        this.dataSource = dataSource;
        this.entries = Caffeine.newBuilder()
                .maximumSize(properties.maxEntries())
                .expireAfterWrite(properties.maxAge())
                .build();
    }

    /** The kept answer, or null: not kept, or the cache is not usable right now. */
    Entry get(String id) {
        return listening ? entries.getIfPresent(id) : null;
    }

    /** Take before reading the task; pass to {@link #put}. */
    long stamp(String id) {
        return stamps.get(stripe(id));
    }

    void put(String id, Entry entry, long stampBeforeRead) {
        if (!listening) {
            return;
        }
        int stripe = stripe(id);
        if (stamps.get(stripe) != stampBeforeRead) {
            return;
        }
        entries.put(id, entry);
        if (stamps.get(stripe) != stampBeforeRead || !listening) {
            entries.invalidate(id); // a forget ran while we stored it
        }
    }

    /** The task changed or went: read it from PostgreSQL next time. */
    void forget(String id) {
        stamps.incrementAndGet(stripe(id));
        entries.invalidate(id);
    }

    private void forgetAll() {
        for (int i = 0; i < STRIPES; i++) {
            stamps.incrementAndGet(i);
        }
        entries.invalidateAll();
    }

    /** Whether polls are currently served from memory (for tests and the benchmark). */
    boolean isListening() {
        return listening;
    }

    long size() {
        return entries.estimatedSize();
    }

    private static int stripe(String id) {
        return (id.hashCode() & 0x7fffffff) % STRIPES;
    }

    @Override
    public void start() {
        if (!enabled || running) {
            return;
        }
        running = true;
        listener = Thread.ofPlatform().daemon().name("poll-cache-listener").start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        listening = false;
        Thread thread = listener;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        HikariDataSource hikari = (HikariDataSource) dataSource;
        while (running) {
            Properties settings = new Properties();
            if (hikari.getUsername() != null) {
                settings.setProperty("user", hikari.getUsername());
            }
            if (hikari.getPassword() != null) {
                settings.setProperty("password", hikari.getPassword());
            }
            settings.setProperty("ApplicationName", APPLICATION_NAME);
            try (Connection connection = DriverManager.getConnection(hikari.getJdbcUrl(), settings)) {
                PGConnection pg = connection.unwrap(PGConnection.class);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen " + CHANNEL);
                }
                forgetAll(); // anything kept before this point may have missed its notification
                listening = true;
                log.debug("Poll cache listening on {}", CHANNEL);
                long checked = System.currentTimeMillis();
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            forget(notification.getParameter());
                        }
                    }
                    if (System.currentTimeMillis() - checked >= CHECK_EVERY_MS) {
                        try (Statement statement = connection.createStatement()) {
                            statement.setQueryTimeout(2);
                            statement.execute("select 1");
                        }
                        checked = System.currentTimeMillis();
                    }
                }
            } catch (SQLException | RuntimeException failed) {
                if (running) {
                    log.warn("Poll cache: listener connection failed, polls read PostgreSQL until it is back: {}",
                            failed.toString());
                }
            } finally {
                listening = false;
                forgetAll();
            }
            if (running) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
