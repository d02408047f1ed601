package com.videorelay.support;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Drops the run's database (or stops its container) when the JUnit launcher session ends. */
public class TestDatabaseSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TestDatabase.release();
    }
}
