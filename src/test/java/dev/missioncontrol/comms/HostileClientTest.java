package dev.missioncontrol.comms;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        await().atMost(Duration.ofSeconds(10)).until(() ->
                Metrics.value("mission_control_comms_connections") == 0
                        && Metrics.value("mission_control_events_subscribers") == 0);

        // Everyone else is still served.
        try (WsClient client = WsClient.connect(URI.create(base.toString().replaceFirst("^http", "ws") + "comms"))) {
            client.send("{\"event\":\"chat\",\"text\":\"still standing\"}");
            assertEquals("{\"chat\":\"still standing\"}", client.next());
        }
        List<String> errors = Files.readAllLines(LOG).stream().filter(line -> line.contains(" ERROR ")).toList();
        assertTrue(errors.size() <= 1, "no error storm in the log: " + errors.size() + " ERROR lines, first: "
                + errors.stream().findFirst().orElse(""));
    }
}
