package dev.missioncontrol.log;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link MissionLogRetainTest} against the packaged service: the jar, or the native binary in a native build. */
@QuarkusIntegrationTest
class MissionLogRetainIT extends MissionLogRetainTest {}
