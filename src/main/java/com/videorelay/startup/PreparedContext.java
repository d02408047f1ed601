package com.videorelay.startup;

import java.security.CodeSource;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.util.ClassUtils;

/**
 * Decides, before the server's application context exists, whether it starts from the context that
 * Spring AOT prepared when the jar was built: generated bean definitions, so no configuration classes
 * are parsed and no conditions evaluated at start-up (docs/benchmarks.md, "Startup").
 * <p>
 * That context fixed at build time which beans exist. So it is used only when nothing set at run time
 * could change that: no {@code spring.*}, {@code server.*} or {@code management.*} setting from outside
 * the jar (environment, command line, system property, config file) other than the {@link #RUN_TIME}
 * ones, which are bound at run time either way, and the built-in simulator off. Otherwise the server
 * starts the ordinary way, and says why in one log line. {@code spring.aot.enabled} (or
 * {@code SPRING_AOT_ENABLED}) set to true or false decides alone. A run from a build output directory
 * (an IDE, {@code spring-boot:run}) starts the ordinary way unless told otherwise.
 * <p>
 * Registered by {@code main} for the server only: the admin commands build a different context.
 * A new bean condition on a {@code videorelay.*} setting must be checked here too, as the simulator's is.
 */
public final class PreparedContext implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    /** Spring's switch, read from the system properties when the context is created. */
    static final String FLAG = "spring.aot.enabled";
    static final String SIMULATOR = "videorelay.simulator.enabled";
    /** Spring AOT's entry point for this application, present only in a jar built with it. */
    static final String GENERATED = "com.videorelay.VideoRelayApplication__ApplicationContextInitializer";
    private static final List<String> DECIDES_BEANS = List.of("spring.", "server.", "management.");
    /** Lower case, without dashes: the form both a property name and an environment variable reduce to. */
    static final List<String> RUN_TIME = List.of("spring.datasource.url", "spring.datasource.username",
            "spring.datasource.password", "spring.datasource.hikari.", "spring.jpa.properties.",
            "spring.servlet.multipart.", "spring.lifecycle.", "spring.profiles.active", "spring.config.",
            "spring.application.", "spring.context.exit", "server.port", "server.address", "server.tomcat.",
            "server.shutdown");

    private static final Logger log = LoggerFactory.getLogger(PreparedContext.class);

    record Decision(boolean prepared, String reason) {
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        Decision decision = decide(event.getEnvironment(), packagedWithGeneratedCode());
        if (!decision.prepared() && decision.reason() != null) {
            log.info("Starting without the context prepared at build time: {}", decision.reason());
        }
        System.setProperty(FLAG, Boolean.toString(decision.prepared()));
    }

    static Decision decide(ConfigurableEnvironment environment, boolean generated) {
        Boolean chosen = environment.getProperty(FLAG, Boolean.class);
        if (chosen != null) {
            return new Decision(chosen && generated, chosen && !generated ? "this jar was built without it" : null);
        }
        if (!generated) {
            return new Decision(false, null);
        }
        if (environment.getProperty(SIMULATOR, Boolean.class, false)) {
            return new Decision(false, "the built-in simulator is on");
        }
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> names && outside(source)) {
                for (String name : names.getPropertyNames()) {
                    if (decidesBeans(name)) {
                        return new Decision(false, name + " is set (" + source.getName() + ")");
                    }
                }
            }
        }
        return new Decision(true, null);
    }

    /**
     * Whether this run has generated code that matches its classes: only a packaged build does. A build
     * output directory (an IDE's run, {@code spring-boot:run}) may hold generated code left by an
     * earlier {@code package}, older than the classes beside it.
     */
    private boolean packagedWithGeneratedCode() {
        ClassLoader loader = getClass().getClassLoader();
        if (!ClassUtils.isPresent(GENERATED, loader)) {
            return false;
        }
        try {
            CodeSource source = ClassUtils.forName(GENERATED, loader).getProtectionDomain().getCodeSource();
            return source != null && packaged(source.getLocation().toString());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** A jar, or the classes of an extracted Spring Boot jar (BOOT-INF/classes, as in the Docker image). */
    static boolean packaged(String location) {
        return location.endsWith(".jar") || location.endsWith(".jar!/") || location.contains("BOOT-INF/classes");
    }

    /** Set outside the jar: not the jar's own config files, nor what Spring itself adds (version, pid). */
    private static boolean outside(PropertySource<?> source) {
        return !source.getName().contains("class path resource") && !source.getName().equals("applicationInfo");
    }

    /** SPRING_THREADS_VIRTUAL_ENABLED and spring.threads.virtual-enabled alike. */
    static boolean decidesBeans(String name) {
        String key = name.toLowerCase(Locale.ROOT).replace('_', '.').replace("-", "");
        return DECIDES_BEANS.stream().anyMatch(key::startsWith) && RUN_TIME.stream().noneMatch(key::startsWith);
    }
}
