package com.videorelay.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.support.IntegrationTest;
import com.videorelay.task.VideoStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The five statuses are defined once, in {@link VideoStatus}. The database holds the same list in its check
 * constraint, and its views and partial indexes name only those; the Java code names them in SQL only
 * through the enum. Any drift between the three fails here.
 */
class StatusVocabularyTest extends IntegrationTest {

    private static final Set<String> ENUM = Arrays.stream(VideoStatus.values()).map(VideoStatus::value)
            .collect(Collectors.toSet());
    /** {@code status = 'x'::text}, {@code status <> 'x'::text} or {@code status = ANY (ARRAY['x'::text, …])}. */
    private static final Pattern STATUS_COMPARISON = Pattern.compile(
            "status\\)?\\s*(?:=|<>)\\s*(?:ANY\\s*\\(+ARRAY\\[)?((?:\\s*'[^']*'::text,?)+)");
    private static final Pattern LITERAL = Pattern.compile("'([^']*)'");

    @Test
    void theCheckConstraintAllowsExactlyTheEnumsStatuses() {
        String check = jdbc.sql("""
                        select pg_get_constraintdef(c.oid) from pg_constraint c
                         where c.conrelid = 'videorelay.video_tasks'::regclass and c.contype = 'c'
                           and pg_get_constraintdef(c.oid) like '%status%'""")
                .query(String.class).single();
        assertThat(literals(check)).isEqualTo(ENUM);
    }

    @Test
    void viewsAndIndexesNameOnlyTheEnumsStatuses() {
        List<String> definitions = jdbc.sql("""
                        select definition from pg_views where schemaname = 'videorelay'
                        union all
                        select indexdef from pg_indexes where schemaname = 'videorelay'""")
                .query(String.class).list();
        Set<String> named = definitions.stream().flatMap(StatusVocabularyTest::comparedStatuses)
                .collect(Collectors.toSet());
        assertThat(named).isNotEmpty().isSubsetOf(ENUM);
    }

    /** The create admission's count must match the partial index's predicate, or PostgreSQL scans the table. */
    @Test
    void theUnfinishedTasksIndexCoversTheEnumsUnfinishedStatuses() {
        String index = jdbc.sql("select indexdef from pg_indexes where indexname = 'video_tasks_unfinished_by_project'")
                .query(String.class).single();
        assertThat(comparedStatuses(index).collect(Collectors.toSet()))
                .isEqualTo(literals(VideoStatus.UNFINISHED_SQL))
                .isEqualTo(Arrays.stream(VideoStatus.values()).filter(status -> !status.isTerminal())
                        .map(VideoStatus::value).collect(Collectors.toSet()));
    }

    @Test
    void javaCodeNamesStatusesInSqlOnlyThroughTheEnum() throws IOException {
        Pattern quotedStatus = Pattern.compile("'(" + String.join("|", ENUM) + ")'");
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            List<String> offenders = sources
                    .filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> !path.getFileName().toString().equals("VideoStatus.java"))
                    .filter(path -> quotedStatus.matcher(read(path)).find())
                    .map(Path::toString)
                    .toList();
            assertThat(offenders).isEmpty();
        }
    }

    private static Stream<String> comparedStatuses(String definition) {
        Matcher comparison = STATUS_COMPARISON.matcher(definition);
        Stream.Builder<String> found = Stream.builder();
        while (comparison.find()) {
            literals(comparison.group(1)).forEach(found);
        }
        return found.build();
    }

    private static Set<String> literals(String sql) {
        Matcher literal = LITERAL.matcher(sql);
        Set<String> found = new java.util.HashSet<>();
        while (literal.find()) {
            found.add(literal.group(1));
        }
        return found;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
