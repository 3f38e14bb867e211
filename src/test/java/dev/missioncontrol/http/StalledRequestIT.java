package dev.missioncontrol.http;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link StalledRequestTest} against the packaged service: the jar, or the native binary in a native build. */
@QuarkusIntegrationTest
class StalledRequestIT extends StalledRequestTest {}
