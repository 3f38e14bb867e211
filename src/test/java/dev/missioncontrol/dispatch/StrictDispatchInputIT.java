package dev.missioncontrol.dispatch;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link StrictDispatchInputTest} against the packaged service: the jar, or the native binary in a native build. */
@QuarkusIntegrationTest
class StrictDispatchInputIT extends StrictDispatchInputTest {}
