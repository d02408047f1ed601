package com.videorelay.support;

import com.videorelay.VideoRelayApplication;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another complete gateway instance on the run's database, as a second replica would run, for tests
 * of what replicas share. Settings are command-line arguments, so they win over application.yml.
 */
public final class GatewayInstance {

    private GatewayInstance() {
    }

    /** Starts one on a random port with a small pool; {@code settings} add to or override those. */
    public static ConfigurableApplicationContext start(Map<String, String> settings) {
        TestDatabase.Settings database = TestDatabase.get();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.put("spring.datasource.url", database.url());
        all.put("spring.datasource.username", database.username());
        all.put("spring.datasource.password", database.password());
        all.put("spring.datasource.hikari.maximum-pool-size", "4");
        all.put("spring.datasource.hikari.minimum-idle", "1");
        all.putAll(settings);
        return new SpringApplicationBuilder(VideoRelayApplication.class)
                .run(all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }
}
