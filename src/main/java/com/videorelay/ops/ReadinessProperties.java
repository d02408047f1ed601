package com.videorelay.ops;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code videorelay.readiness.*}: how the readiness probe learns whether PostgreSQL answers.
 *
 * @param databaseCheckInterval pause between two background checks of the database
 * @param databaseCheckTimeout  how long one check may wait for the database's answer (whole seconds)
 */
@ConfigurationProperties("videorelay.readiness")
public record ReadinessProperties(@DefaultValue("2s") Duration databaseCheckInterval,
                                  @DefaultValue("2s") Duration databaseCheckTimeout) {
}
