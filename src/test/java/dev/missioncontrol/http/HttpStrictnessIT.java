package dev.missioncontrol.http;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HttpStrictnessTest} against the packaged service: the jar, or the native binary in a native build. */
@QuarkusIntegrationTest
class HttpStrictnessIT extends HttpStrictnessTest {}
