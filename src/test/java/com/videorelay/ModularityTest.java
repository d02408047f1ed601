package com.videorelay;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(VideoRelayApplication.class);

    @Test
    void modulesHaveNoCyclesAndUseOnlyEachOthersPublicSurface() {
        MODULES.verify();
    }
}
