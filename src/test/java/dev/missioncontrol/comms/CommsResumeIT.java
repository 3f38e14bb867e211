package dev.missioncontrol.comms;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link CommsResumeTest} against the packaged service: the jar, or the native binary in a native build. */
@QuarkusIntegrationTest
class CommsResumeIT extends CommsResumeTest {}
