package dev.missioncontrol.events;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link EventStreamHttpTest} against the packaged service: the jar, or the native binary in a native build. */
@QuarkusIntegrationTest
class EventStreamHttpIT extends EventStreamHttpTest {}
