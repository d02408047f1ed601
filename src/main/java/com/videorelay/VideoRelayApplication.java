package com.videorelay;

import com.videorelay.admin.AdminCommandLine;
import com.videorelay.database.LocalDatabase;
import com.videorelay.startup.PreparedContext;
import java.io.PrintStream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

// No user store: callers are API keys, so Spring Boot's generated default user is switched off.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
// Background checks (readiness, gauges, retention) run on Boot's scheduler, on virtual threads.
@EnableScheduling
public class VideoRelayApplication {

    public static void main(String[] args) {
        if (AdminCommandLine.handles(args)) {
            PrintStream stdout = System.out;
            // Logs go to the console's System.out; point it at stderr so that standard output carries
            // only the command's result, e.g. the key in KEY=$(java -jar videorelay.jar keys create …).
            System.setOut(System.err);
            System.exit(AdminCommandLine.run(VideoRelayApplication.class, args, stdout, System.err));
        }
        SpringApplication application = new SpringApplication(VideoRelayApplication.class);
        // With no spring.datasource.url: the local server, else an embedded PostgreSQL.
        application.addListeners(new LocalDatabase());
        // The context Spring AOT prepared at build time, unless a setting asks for a different one.
        application.addListeners(new PreparedContext());
        application.run(args);
    }
}
