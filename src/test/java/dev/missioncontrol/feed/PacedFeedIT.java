package dev.missioncontrol.feed;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link PacedFeedTest} against the packaged service: the jar, or the native binary in a native build. */
@QuarkusIntegrationTest
class PacedFeedIT extends PacedFeedTest {}
