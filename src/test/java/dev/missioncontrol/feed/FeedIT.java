package dev.missioncontrol.feed;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link FeedTest} against the packaged service: the jar, or the native binary in a native build. */
@QuarkusIntegrationTest
class FeedIT extends FeedTest {}
