package dev.missioncontrol.events;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ShortLivedStreamTest} against the packaged service: the jar, or the native binary in a native build. */
@QuarkusIntegrationTest
class ShortLivedStreamIT extends ShortLivedStreamTest {}
