package dev.missioncontrol.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.ChatFrames;
import dev.missioncontrol.support.EventStreams;
import dev.missioncontrol.support.RawWebSocket;
import dev.missioncontrol.support.SseClient;
import dev.missioncontrol.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests that stall are closed after the idle timeout (2 s here); event streams and comms connections that
 * are healthy but quiet are not, because heartbeats and pings keep them busy.
 */
@QuarkusTest
@TestProfile(StalledRequestTest.Short.class)
class StalledRequestTest {

    public static class Short implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.idle-timeout",
                    "2s",
                    "mission-control.events.heartbeat",
                    "500ms",
                    "quarkus.websockets-next.server.auto-ping-interval",
                    "500ms");
        }
    }

    @TestHTTPResource("/")
    URI base;

    private Socket send(String bytes) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
        socket.setSoTimeout(200);
        socket.getOutputStream().write(bytes.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        return RawWebSocket.closedByServer(socket.getInputStream());
    }

    @Test
    void headersThatNeverFinishAreClosed() throws Exception {
        try (Socket socket = send("GET /missions/log HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")) {
            assertFalse(closedByServer(socket), "not closed at once");
            await().atMost(Duration.ofSeconds(10)).until(() -> closedByServer(socket));
        }
    }

    @Test
    void aBodyThatStopsIsClosedAndRecordsNothing() throws Exception {
        try (Socket socket = send("POST /missions/dispatch HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                + "application/json\r\nContent-Length: 100\r\n\r\n{\"hero\":\"Stal")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> closedByServer(socket));
        }
        try (Socket socket = send("POST /missions/dispatch?hero=Stalled HTTP/1.1\r\nHost: localhost\r\n"
                + "Transfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n5\r\nabc")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> closedByServer(socket));
        }
        io.restassured.RestAssured.given()
                .post("/missions/dispatch?hero=After-Stall")
                .then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> io.restassured.RestAssured.get("/missions/log")
                        .asString()
                        .contains("After-Stall"));
        assertFalse(
                io.restassured.RestAssured.get("/missions/log").asString().contains("\"Stalled\""),
                "a request whose body never finished is not recorded");
    }

    @Test
    void quietEventStreamsAndCommsConnectionsStayOpen() throws Exception {
        try (SseClient stream = EventStreams.open(base, "?type=nothing.ever");
                WsClient comms = WsClient.connect(URI.create(base.toString().replaceFirst("^http", "ws") + "comms"))) {
            // Three idle timeouts with no events and no chat: heartbeats and pings keep both open.
            await().during(Duration.ofSeconds(6))
                    .atMost(Duration.ofSeconds(8))
                    .until(() -> !stream.ended() && !comms.isClosed());
            comms.send("{\"event\":\"chat\",\"text\":\"still here\"}");
            assertEquals("still here@hq", ChatFrames.summary(comms.next()));
            assertTrue(stream.drain().stream().anyMatch(frame -> frame.isComment()), "heartbeats were sent");
        }
    }
}
