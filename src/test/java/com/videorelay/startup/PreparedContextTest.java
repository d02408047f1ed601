package com.videorelay.startup;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.startup.PreparedContext.Decision;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * When the server may start from the context Spring AOT prepared at build time: only when nothing set
 * at run time could change which beans exist. The packaged jar's start in that mode is shown by
 * PackagedJarIT.
 */
class PreparedContextTest {

    @Test
    void preparedWhenOnlyRunTimeSettingsAreSetOutsideTheJar() {
        StandardEnvironment environment = environment(Map.of(
                "SPRING_DATASOURCE_URL", "jdbc:postgresql://db:5432/videorelay",
                "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE", "40",
                "SERVER_PORT", "9090",
                "SERVER_TOMCAT_KEEPALIVETIMEOUT", "30s",
                "SPRING_PROFILES_ACTIVE", "",
                "VIDEORELAY_AUTH_KEYCACHETTL", "1s",
                "HOME", "/root"));
        // What the jar's own application.yml sets is what the build prepared with.
        environment.getPropertySources().addLast(new MapPropertySource(
                "Config resource 'class path resource [application.yml]' via location 'optional:classpath:/'",
                Map.of("spring.threads.virtual.enabled", true, "management.endpoints.web.exposure.include", "health")));

        // What Spring itself adds about the application.
        environment.getPropertySources().addLast(new MapPropertySource("applicationInfo",
                Map.of("spring.application.version", "0.1.0", "spring.application.pid", 4242L)));

        assertThat(PreparedContext.decide(environment, true)).isEqualTo(new Decision(true, null));
    }

    @Test
    void ordinaryStartWhenASettingThatDecidesBeansIsSet() {
        StandardEnvironment fromEnvironment = environment(Map.of("SPRING_THREADS_VIRTUAL_ENABLED", "false"));
        assertThat(PreparedContext.decide(fromEnvironment, true)).isEqualTo(
                new Decision(false, "SPRING_THREADS_VIRTUAL_ENABLED is set (systemEnvironment)"));

        StandardEnvironment fromCommandLine = environment(Map.of());
        fromCommandLine.getPropertySources().addFirst(
                new MapPropertySource("commandLineArgs", Map.of("management.server.port", "9091")));
        assertThat(PreparedContext.decide(fromCommandLine, true)).isEqualTo(
                new Decision(false, "management.server.port is set (commandLineArgs)"));

        StandardEnvironment fromConfigFile = environment(Map.of());
        fromConfigFile.getPropertySources().addLast(new MapPropertySource(
                "Config resource 'file [config/application.yml]' via location 'optional:file:./config/'",
                Map.of("server.forward-headers-strategy", "framework")));
        assertThat(PreparedContext.decide(fromConfigFile, true).prepared()).isFalse();
    }

    @Test
    void ordinaryStartWithTheSimulatorWhoseControllerIsConditional() {
        StandardEnvironment environment = environment(Map.of());
        environment.getPropertySources().addLast(new MapPropertySource(
                "Config resource 'class path resource [application-simulator.yml]' via location 'optional:classpath:/'",
                Map.of("videorelay.simulator.enabled", true)));

        assertThat(PreparedContext.decide(environment, true))
                .isEqualTo(new Decision(false, "the built-in simulator is on"));
    }

    @Test
    void spring_aot_enabledDecidesAlone() {
        StandardEnvironment off = environment(Map.of("SPRING_AOT_ENABLED", "false"));
        assertThat(PreparedContext.decide(off, true)).isEqualTo(new Decision(false, null));

        StandardEnvironment on = environment(Map.of("SPRING_AOT_ENABLED", "true", "MANAGEMENT_SERVER_PORT", "9091"));
        assertThat(PreparedContext.decide(on, true)).isEqualTo(new Decision(true, null));
        assertThat(PreparedContext.decide(on, false)).isEqualTo(new Decision(false, "this jar was built without it"));
    }

    @Test
    void ordinaryStartWhenTheJarHasNoPreparedContext() {
        assertThat(PreparedContext.decide(environment(Map.of()), false)).isEqualTo(new Decision(false, null));
    }

    @Test
    void onlyAPackagedBuildCountsAsHavingGeneratedCode() {
        assertThat(PreparedContext.packaged("file:/srv/videorelay/target/run/videorelay.jar")).isTrue(); // extracted
        assertThat(PreparedContext.packaged("jar:nested:/srv/videorelay.jar/!BOOT-INF/classes/!/")).isTrue(); // java -jar
        assertThat(PreparedContext.packaged("file:/app/BOOT-INF/classes/")).isTrue(); // the Docker image's layers
        assertThat(PreparedContext.packaged("file:/home/me/videorelay/target/classes/")).isFalse(); // IDE, spring-boot:run
    }

    @Test
    void namesAreComparedTheWayRelaxedBindingReadsThem() {
        assertThat(PreparedContext.decidesBeans("spring.threads.virtual.enabled")).isTrue();
        assertThat(PreparedContext.decidesBeans("SPRING_JPA_OPEN_IN_VIEW")).isTrue();
        assertThat(PreparedContext.decidesBeans("spring.datasource.hikari.maximum-pool-size")).isFalse();
        assertThat(PreparedContext.decidesBeans("SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE")).isFalse();
        assertThat(PreparedContext.decidesBeans("spring.servlet.multipart.max-file-size")).isFalse();
        assertThat(PreparedContext.decidesBeans("videorelay.sync.pacing")).isFalse();
    }

    /** A bare environment whose only outside settings are these environment variables. */
    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return environment;
    }
}
