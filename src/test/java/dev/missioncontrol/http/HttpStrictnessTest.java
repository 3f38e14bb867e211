package dev.missioncontrol.http;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 framing and methods as RFC 9110 and RFC 9112 require them, over raw sockets. */
@QuarkusTest
class HttpStrictnessTest {

    @TestHTTPResource("/")
    URI base;

    /** Sends raw bytes and returns everything the server sends until it closes or goes quiet for 2 s. */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                }
                received.write("<closed>".getBytes(StandardCharsets.US_ASCII));
            } catch (SocketTimeoutException quiet) {
                // the connection stayed open
            } catch (IOException reset) {
                received.write("<closed>".getBytes(StandardCharsets.US_ASCII));
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static void awaitRecordedThenAbsent(String sentinel, String... absent) {
        given().post("/missions/dispatch?hero=" + sentinel).then().statusCode(202);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> given().get("/missions/log").asString().contains(sentinel));
        String log = given().get("/missions/log").asString();
        for (String hero : absent) {
            assertFalse(log.contains("\"" + hero + "\""), hero + " must not be recorded: " + log);
        }
    }

    @Test
    void aTransferEncodingThatDoesNotEndInChunkedIsRefusedAndTheConnectionClosed() throws IOException {
        String answer = exchange("POST /missions/dispatch?hero=Smuggled HTTP/1.1\r\nHost: localhost\r\n"
                + "Transfer-Encoding: gzip\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nabcde"
                + "GET /missions/log HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.contains("Transfer-Encoding must end with chunked"), answer);
        assertTrue(answer.endsWith("<closed>"), "the connection is closed: " + answer);
        assertEquals(1, answer.split("HTTP/1.1 ", -1).length - 1, "nothing after the refused request is served");
        String both = exchange("POST /missions/dispatch?hero=Smuggled2 HTTP/1.1\r\nHost: localhost\r\n"
                + "Transfer-Encoding: chunked, identity\r\nContent-Type: text/plain\r\n\r\n0\r\n\r\n");
        assertTrue(both.startsWith("HTTP/1.1 400"), both);
        awaitRecordedThenAbsent("After-Smuggling", "Smuggled", "Smuggled2");
    }

    @Test
    void aMalformedChunkedBodyGets400AndRecordsNothing() throws IOException {
        String answer = exchange(
                "POST /missions/dispatch?hero=BadChunk HTTP/1.1\r\nHost: localhost\r\n"
                        + "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nZZ\r\n{\"hero\":\"x\"}\r\n0\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.contains("application/problem+json"), answer);
        assertTrue(answer.endsWith("<closed>"), answer);
        String plain = exchange("POST /missions/dispatch?hero=BadChunk2 HTTP/1.1\r\nHost: localhost\r\n"
                + "Transfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n3\r\nabcdefgh\r\n0\r\n\r\n");
        assertTrue(plain.startsWith("HTTP/1.1 400"), plain);
        awaitRecordedThenAbsent("After-Bad-Chunks", "BadChunk", "BadChunk2");
    }

    @Test
    void headWorksOnEveryGetRoute() throws IOException {
        for (String path : List.of(
                "/",
                "/index.html",
                "/js/main.js",
                "/missions/feed",
                "/missions/events",
                "/missions/events?type=dispatch",
                "/missions/log",
                "/q/health/ready",
                "/q/health/live",
                "/q/metrics")) {
            String answer = exchange("HEAD " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 200"), path + ": " + answer);
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4).replace("<closed>", "");
            assertEquals("", body, path + " sends no body to HEAD");
        }
        String stream = exchange("HEAD /missions/events HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(stream.toLowerCase().contains("content-type: text/event-stream"), stream);
        String bad = exchange(
                "HEAD /missions/events?type=no%20spaces HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(bad.startsWith("HTTP/1.1 400"), bad);
    }
}
