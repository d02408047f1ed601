package com.videorelay.support;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of tests against the gateway relaying to its built-in simulator, as bin/videorelay runs it,
 * with a 2-second generation and a fast sync. All subclasses share one application context.
 */
@ActiveProfiles("simulator")
@TestPropertySource(properties = {
        "videorelay.simulator.duration=2s",
        "videorelay.sync.tick=100ms",
        "videorelay.sync.min-interval=200ms",
        "videorelay.sync.max-interval=500ms",
})
public abstract class SimulatorTest extends IntegrationTest {
}
