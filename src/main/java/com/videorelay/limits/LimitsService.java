package com.videorelay.limits;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Reads and sets the rows of {@code project_limits}. Requests read a project's limits from memory,
 * reloaded in the background every {@code cache-ttl}; if the database cannot answer the first read,
 * the configured defaults apply meanwhile.
 */
@Service
public class LimitsService {

    /** The settable limits: option name of {@code limits set} to column. */
    public static final Map<String, String> COLUMNS = Map.of(
            "polls-per-second", "polls_per_second",
            "creates-per-minute", "creates_per_minute",
            "max-unfinished-tasks", "max_unfinished_tasks",
            "video-seconds-per-day", "video_seconds_per_day");

    private static final Logger log = LoggerFactory.getLogger(LimitsService.class);

    private final JdbcClient jdbc;
    private final LimitsProperties defaults;
    private final LoadingCache<Long, ProjectLimits> cache;

    LimitsService(JdbcClient jdbc, LimitsProperties defaults) {
        this.jdbc = jdbc;
        this.defaults = defaults;
        this.cache = Caffeine.newBuilder()
                .maximumSize(100_000)
                .refreshAfterWrite(defaults.cacheTtl())
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
                .build(this::load);
    }

    /** The limits that apply to the project now (from memory, at most cache-ttl old). */
    public ProjectLimits of(long projectId) {
        return cache.get(projectId);
    }

    private ProjectLimits load(long projectId) {
        try {
            return jdbc.sql("""
                            select polls_per_second, creates_per_minute, max_unfinished_tasks, video_seconds_per_day
                              from project_limits where project_id = ?""")
                    .param(projectId)
                    .query((row, n) -> new ProjectLimits(
                            orDefault((Integer) row.getObject(1), defaults.pollsPerSecond()),
                            orDefault((Integer) row.getObject(2), defaults.createsPerMinute()),
                            orDefault((Integer) row.getObject(3), defaults.maxUnfinishedTasks()),
                            orDefault((Integer) row.getObject(4), defaults.videoSecondsPerDay())))
                    .optional()
                    .orElseGet(this::defaults);
        } catch (DataAccessException unavailable) {
            ProjectLimits cached = cache.getIfPresent(projectId);
            log.warn("Could not read the limits of project {}; using {} meanwhile: {}", projectId,
                    cached == null ? "the defaults" : "the last ones read", unavailable.getMostSpecificCause().toString());
            return cached == null ? defaults() : cached;
        }
    }

    private ProjectLimits defaults() {
        return new ProjectLimits(defaults.pollsPerSecond(), defaults.createsPerMinute(), defaults.maxUnfinishedTasks(),
                defaults.videoSecondsPerDay());
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    /** One project's row as admins see it: its own values (null: the default) and what applies. */
    public record Shown(String project, Map<String, Integer> own, ProjectLimits effective) {
    }

    /**
     * Sets some of a project's limits; a null value goes back to the configured default.
     *
     * @throws IllegalArgumentException for an unknown project or limit, or a negative value
     */
    public Shown set(String projectName, Map<String, Integer> values) {
        long projectId = projectId(projectName);
        if (values.isEmpty() || !COLUMNS.keySet().containsAll(values.keySet())) {
            throw new IllegalArgumentException("Name at least one of: " + String.join(", ", COLUMNS.keySet().stream().sorted().toList()));
        }
        values.forEach((name, value) -> {
            if (value != null && value < 0) {
                throw new IllegalArgumentException("--" + name + " must be 0 or more, or 'default'.");
            }
        });
        jdbc.sql("insert into project_limits (project_id) values (?) on conflict (project_id) do nothing")
                .param(projectId).update();
        values.forEach((name, value) -> jdbc.sql("update project_limits set " + COLUMNS.get(name)
                        + " = ?, updated_at = now() where project_id = ?")
                .params(value, projectId).update());
        cache.invalidate(projectId);
        return show(projectName).getFirst();
    }

    /** Every project (or one), with its own values and the limits that apply. */
    public List<Shown> show(String projectName) {
        if (projectName != null) {
            projectId(projectName);
        }
        return jdbc.sql("""
                        select p.id, p.name, l.polls_per_second, l.creates_per_minute, l.max_unfinished_tasks,
                               l.video_seconds_per_day
                          from projects p left join project_limits l on l.project_id = p.id
                         where ?::text is null or p.name = ?
                         order by p.name""")
                .params(projectName, projectName)
                .query((row, n) -> {
                    Map<String, Integer> own = new java.util.LinkedHashMap<>();
                    for (String name : List.of("polls-per-second", "creates-per-minute", "max-unfinished-tasks",
                            "video-seconds-per-day")) {
                        own.put(name, (Integer) row.getObject(COLUMNS.get(name)));
                    }
                    ProjectLimits d = defaults();
                    return new Shown(row.getString("name"), own, new ProjectLimits(
                            orDefault(own.get("polls-per-second"), d.pollsPerSecond()),
                            orDefault(own.get("creates-per-minute"), d.createsPerMinute()),
                            orDefault(own.get("max-unfinished-tasks"), d.maxUnfinishedTasks()),
                            orDefault(own.get("video-seconds-per-day"), d.videoSecondsPerDay())));
                })
                .list();
    }

    private long projectId(String projectName) {
        return jdbc.sql("select id from projects where name = ?").param(projectName).query(Long.class).optional()
                .orElseThrow(() -> new IllegalArgumentException("No project named " + projectName + "."));
    }

    static final Set<String> NAMES = COLUMNS.keySet();
}
