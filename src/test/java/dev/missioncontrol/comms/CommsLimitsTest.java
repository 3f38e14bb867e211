package dev.missioncontrol.comms;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.ChatFrames;
import dev.missioncontrol.support.Metrics;
import dev.missioncontrol.support.RawWebSocket;
import dev.missioncontrol.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The limits of {@code /comms}: open connections, chat rate and rooms, over real connections. */
@QuarkusTest
@TestProfile(CommsLimitsTest.Limited.class)
class CommsLimitsTest {

    public static class Limited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mission-control.comms.max-connections",
                    "3",
                    "mission-control.comms.max-messages-per-second",
                    "5",
                    "mission-control.comms.max-rooms-per-connection",
                    "3",
                    "mission-control.comms.max-rooms",
                    "5");
        }
    }

    @TestHTTPResource("/comms")
    URI http;

    private URI ws(String query) {
        return URI.create(http.toString().replaceFirst("^http", "ws") + query);
    }

    @Test
    void commsConnectionsAreLimitedAndChatIsRateLimited() {
        Map<String, String> headers = Map.of();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> given().get("/q/metrics").asString().contains("mission_control_comms_connections 0.0"));
        try (WsClient a = WsClient.connect(ws(""), headers);
                WsClient b = WsClient.connect(ws(""), headers);
                WsClient c = WsClient.connect(ws(""), headers)) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() ->
                            given().get("/q/metrics").asString().contains("mission_control_comms_connections 3.0"));
            assertEquals(503, WsClient.refusedStatus(ws(""), headers));
            int limited = 0;
            for (int i = 0; i < 20; i++) {
                a.send("{\"event\":\"chat\",\"text\":\"burst " + i + "\"}");
            }
            for (int i = 0; i < 20; i++) {
                String reply = a.next();
                if (reply.equals("{\"error\":\"rate limited\"}")) {
                    limited++;
                }
            }
            assertTrue(limited >= 10, "a burst of 20 at 5/s is mostly refused, was " + limited);
            assertFalse(a.isClosed(), "rate limiting never closes the connection");
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                a.send("{\"event\":\"chat\",\"text\":\"after the burst\"}");
                return ChatFrames.summary(a.next()).equals("after the burst@hq");
            });
        }
    }

    private static String join(WsClient client, String room) {
        client.send("{\"event\":\"join\",\"room\":\"" + room + "\"}");
        return client.next();
    }

    @Test
    void roomsAreBoundedPerConnectionAndInAllAndGoWithTheirMembers() {
        await().atMost(Duration.ofSeconds(5)).until(() -> Metrics.value("mission_control_comms_connections") == 0);
        try (WsClient a = WsClient.connect(ws(""));
                WsClient b = WsClient.connect(ws(""));
                WsClient c = WsClient.connect(ws(""))) {
            // hq counts: a is in three rooms after two joins.
            assertEquals("{\"joined\":\"r1\"}", join(a, "r1"));
            assertEquals("{\"joined\":\"r2\"}", join(a, "r2"));
            assertEquals("{\"error\":\"in 3 rooms already: leave one first\"}", join(a, "r3"));
            assertEquals("{\"joined\":\"r1\"}", join(a, "r1"), "joining a room it is in is no new room");
            // hq, r1, r2 exist; b opens two more, the fifth and last allowed.
            assertEquals("{\"joined\":\"b1\"}", join(b, "b1"));
            assertEquals("{\"joined\":\"b2\"}", join(b, "b2"));
            assertEquals(5, Metrics.value("mission_control_comms_rooms"));
            assertEquals("{\"error\":\"no more rooms can be opened (5 exist); join an existing one\"}", join(c, "c1"));
            assertEquals("{\"joined\":\"r1\"}", join(c, "r1"), "an existing room can still be joined");
            a.send("{\"event\":\"leave\",\"room\":\"r2\"}");
            assertEquals("{\"left\":\"r2\"}", a.next());
            assertEquals("{\"joined\":\"c1\"}", join(c, "c1"), "a room that went frees its place");
            assertFalse(c.isClosed(), "refusals never close the connection");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> Metrics.value("mission_control_comms_rooms") == 0);
    }

    @Test
    void binaryFramesCountAgainstTheRateToo() throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() -> Metrics.value("mission_control_comms_connections") == 0);
        try (RawWebSocket socket = RawWebSocket.open(http, "/comms", "")) {
            for (int i = 0; i < 20; i++) {
                socket.send(RawWebSocket.BINARY, new byte[] {1, 2, 3});
            }
            int limited = 0;
            for (int i = 0; i < 20; i++) {
                if (socket.nextMessage().text().equals("{\"error\":\"rate limited\"}")) {
                    limited++;
                }
            }
            assertTrue(limited >= 10, "a burst of 20 binary frames at 5/s is mostly refused, was " + limited);
        }
    }
}
