package dev.missioncontrol.dashboard;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ChatReconnectBrowserTest} against the packaged service: the jar, or the native binary in a native build. */
@QuarkusIntegrationTest
class ChatReconnectBrowserIT extends ChatReconnectBrowserTest {}
