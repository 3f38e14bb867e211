package dev.missioncontrol.ops;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HealthTest} against the packaged service: the jar, or the native binary in a native build. */
@QuarkusIntegrationTest
class HealthIT extends HealthTest {}
