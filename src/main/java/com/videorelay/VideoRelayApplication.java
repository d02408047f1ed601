package com.videorelay;

import com.videorelay.admin.AdminCommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

// No user store: callers are API keys, so Spring Boot's generated default user is switched off.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class VideoRelayApplication {

    public static void main(String[] args) {
        if (AdminCommandLine.handles(args)) {
            System.exit(AdminCommandLine.run(args, System.out, System.err));
        }
        SpringApplication.run(VideoRelayApplication.class, args);
    }
}
