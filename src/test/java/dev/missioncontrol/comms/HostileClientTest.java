package dev.missioncontrol.comms;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.ChatFrames;
import dev.missioncontrol.support.Metrics;
import dev.missioncontrol.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Clients that misbehave at the socket level: vanish without a close frame (TCP reset), stop half-way through a
 * frame, or send garbage. Each must cost the service nothing afterwards: no error storm in the log, no
 * connection or subscriber left behind, and everyone else still served.
 */
@QuarkusTest
@TestProfile(HostileClientTest.Logged.class)
class HostileClientTest {

    static final Path LOG = Path.of("target/hostile-client-test.log");

    public static class Logged implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG.toString());
        }
    }

    @TestHTTPResource("/")
    URI base;

    private Socket raw(String request) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static void awaitHead(Socket socket, String expected) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().contains("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith(expected), head.toString());
    }

    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Test
    void vanishingAndBrokenClientsLeaveNothingBehind() throws Exception {
        String upgrade = "GET /comms HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        for (int i = 0; i < 10; i++) {
            // A WebSocket that resets the connection instead of closing.
            Socket socket = raw(upgrade);
            awaitHead(socket, "HTTP/1.1 101");
            reset(socket);
            // A WebSocket that stops in the middle of a frame (header says 100 masked bytes, 3 arrive).
            Socket half = raw(upgrade);
            awaitHead(half, "HTTP/1.1 101");
            half.getOutputStream().write(new byte[] {(byte) 0x81, (byte) 0xE4, 1, 2, 3, 4, 'a', 'b', 'c'});
            half.getOutputStream().flush();
            reset(half);
            // An event-stream subscriber that resets.
            Socket stream = raw("GET /missions/events HTTP/1.1\r\nHost: localhost\r\n\r\n");
            awaitHead(stream, "HTTP/1.1 200");
            reset(stream);
            // Bytes that are not HTTP at all.
            Socket garbage = raw("\u0016\u0003\u0001 not http at all\r\n\r\n");
            garbage.close();
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Metrics.value("mission_control_comms_connections") == 0
                        && Metrics.value("mission_control_events_subscribers") == 0);

        // Everyone else is still served.
        try (WsClient client = WsClient.connect(URI.create(base.toString().replaceFirst("^http", "ws") + "comms"))) {
            client.send("{\"event\":\"chat\",\"text\":\"still standing\"}");
            assertEquals("still standing@hq", ChatFrames.summary(client.next()));
        }
        List<String> errors = Files.readAllLines(LOG).stream()
                .filter(line -> line.contains(" ERROR "))
                .toList();
        assertTrue(
                errors.size() <= 1,
                "no error storm in the log: " + errors.size() + " ERROR lines, first: "
                        + errors.stream().findFirst().orElse(""));
    }

    /** Client mistakes of every kind, at the HTTP and the WebSocket level. */
    private static final List<String> GARBAGE = List.of(
            "GET /missions/log HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
            "GET /missions/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /missions/dispatch?hero=A HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n",
            "POST /missions/dispatch?hero=A HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nContent-Length: 1\r\n\r\nx",
            "GARBAGE\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n",
            "GET /missions/events?lastEventId=%ff HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /missions/events?type=%ff HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /missions/dispatch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n{\"h",
            "POST /missions/dispatch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{\"hero\":42}",
            "POST /missions/dispatch?hero=%C3%28 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
            "GET /missions/log HTTP/1.1\r\nHost: x\r\nAccept: ;;;/\r\n\r\n",
            "GET /comms HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 99\r\n\r\n",
            "GET /" + "a/".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

    @Test
    void clientMistakesAreNeverLoggedAsOurErrors() throws Exception {
        long linesBefore = Files.readAllLines(LOG).size();
        for (String request : GARBAGE) {
            try (Socket socket = raw(request)) {
                socket.setSoTimeout(2000);
                socket.getInputStream().read(new byte[512]);
            } catch (java.net.SocketTimeoutException | java.net.SocketException ignored) {
                // what the server answered, if anything, is not the point here
            }
        }
        // Streams left in the middle, feed and firehose.
        for (String path : List.of("/missions/feed", "/missions/events")) {
            Socket socket = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            awaitHead(socket, "HTTP/1.1 200");
            reset(socket);
        }
        // WebSocket frames a server must refuse.
        byte[][] frames = {
            {(byte) 0xC1, (byte) 0x83, 0, 0, 0, 0, 'a', 'b', 'c'}, // RSV1 without an extension
            {(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, (byte) 0xC3, '('}, // invalid UTF-8
            {(byte) 0x82, (byte) 0x82, 0, 0, 0, 0, 1, 2}, // binary
            {(byte) 0x09, (byte) 0x81, 0, 0, 0, 0, 'x'}, // fragmented ping
            {(byte) 0x81, (byte) 0x88, 0, 0, 0, 0, 'n', 'o', 't', ' ', 'j', 's', 'o', 'n'},
        };
        for (byte[] frame : frames) {
            Socket socket =
                    raw("GET /comms HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            awaitHead(socket, "HTTP/1.1 101");
            socket.getOutputStream().write(frame);
            socket.getOutputStream().flush();
            socket.setSoTimeout(2000);
            try {
                socket.getInputStream().read(new byte[256]);
            } catch (IOException ignored) {
                // closed or reset: fine
            }
            socket.close();
        }
        // A good request after all of them, whose record proves the service went on.
        io.restassured.RestAssured.given()
                .post("/missions/dispatch?hero=After-Garbage")
                .then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> io.restassured.RestAssured.get("/missions/log")
                        .asString()
                        .contains("After-Garbage"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.value("mission_control_comms_connections") == 0);
        List<String> added = Files.readAllLines(LOG).stream().skip(linesBefore).toList();
        List<String> errors =
                added.stream().filter(line -> line.contains(" ERROR ")).toList();
        List<String> traces =
                added.stream().filter(line -> line.matches("\\s+at .*")).toList();
        assertEquals(List.of(), errors, "client mistakes logged as errors");
        assertEquals(
                0,
                traces.size(),
                "stack traces for client mistakes: " + traces.stream().limit(3).toList());
    }
}
