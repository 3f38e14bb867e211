package dev.missioncontrol.dispatch;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link DispatchTest} against the packaged service: the jar, or the native binary in a native build. */
@QuarkusIntegrationTest
class DispatchIT extends DispatchTest {}
