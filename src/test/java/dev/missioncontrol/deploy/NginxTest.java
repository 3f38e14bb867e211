package dev.missioncontrol.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.events.EventBroker;
import dev.missioncontrol.events.EventPayload;
import dev.missioncontrol.support.ChatFrames;
import dev.missioncontrol.support.Nginx;
import dev.missioncontrol.support.SseClient;
import dev.missioncontrol.support.Tools;
import dev.missioncontrol.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service behind nginx running the project's own docker/nginx.conf: streams unbuffered, WebSocket upgraded. */
@QuarkusTest
@TestProfile(NginxTest.Paced.class)
class NginxTest {

    public static class Paced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mission-control.feed.interval", "300ms", "mission-control.feed.sectors", "4");
        }
    }

    private static Nginx nginx;

    @TestHTTPResource("/")
    URI service;

    @Inject
    EventBroker broker;

    @BeforeEach
    void startNginx() throws Exception {
        Tools.require(Nginx.missing());
        if (nginx == null) {
            nginx = Nginx.start(service.getPort());
        }
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
            nginx = null;
        }
    }

    @Test
    void feedStreamsFrameByFrameThroughNginx() {
        try (SseClient client = SseClient.open(nginx.uri("/missions/feed"))) {
            assertEquals(200, client.status());
            assertTrue(client.header("Content-Type").startsWith("text/event-stream"));
            assertEquals("all quiet on sector 1", client.next().data());
            long first = System.nanoTime();
            for (int sector = 2; sector <= 4; sector++) {
                assertEquals("all quiet on sector " + sector, client.next().data());
            }
            assertEquals("close", client.next().event());
            long spreadMillis = (System.nanoTime() - first) / 1_000_000;
            assertTrue(
                    spreadMillis >= 700,
                    "a buffering proxy would deliver the frames together; spread " + spreadMillis + " ms");
        }
    }

    @Test
    void eventStreamDeliversLiveEventsThroughNginx() {
        try (SseClient client = SseClient.open(nginx.uri("/missions/events?type=comms.chat"))) {
            assertEquals(3000L, client.next().retry());
            assertEquals("connected", client.next().event());
            long id = broker.publish(EventPayload.CommsChat.of("nginx", "check"));
            SseClient.Frame frame = client.nextEvent();
            assertEquals("comms.chat", frame.event());
            assertEquals(Long.toString(id), frame.id());
            assertTrue(!client.ended(), "the stream stays open");
        }
    }

    @Test
    void commsUpgradesThroughNginx() {
        try (WsClient a = WsClient.connect(nginx.ws("/comms"));
                WsClient b = WsClient.connect(nginx.ws("/comms"))) {
            org.awaitility.Awaitility.await().until(() -> {
                a.send("{\"event\":\"chat\",\"text\":\"probe\"}");
                return "probe@hq".equals(ChatFrames.summary(b.next()));
            });
            b.send("{\"event\":\"chat\",\"text\":\"through the proxy\"}");
            String seen;
            do {
                seen = ChatFrames.summary(a.next());
            } while (seen.equals("probe@hq"));
            assertEquals("through the proxy@hq", seen);
        }
    }
}
