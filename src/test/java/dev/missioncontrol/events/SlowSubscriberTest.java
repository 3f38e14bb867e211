package dev.missioncontrol.events;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.missioncontrol.support.EventStreams;
import dev.missioncontrol.support.Metrics;
import dev.missioncontrol.support.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A subscriber that stops reading loses its own oldest events; one that reads gets every event, in order. */
@QuarkusTest
@TestProfile(SlowSubscriberTest.SmallQueue.class)
class SlowSubscriberTest {

    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mission-control.events.subscriber-queue", "8");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    EventBroker broker;

    @Test
    void aStalledSubscriberDoesNotSlowTheOthers() throws Exception {
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            OutputStream out = stalled.getOutputStream();
            out.write("GET /missions/events?type=comms.chat HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (SseClient reader = EventStreams.open(base, "?type=comms.chat")) {
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> Metrics.value("mission_control_events_subscribers") >= 2);
                double droppedBefore = Metrics.value("mission_control_events_dropped_total");
                String big = "x".repeat(8192);
                // The reader takes each event before the next is published, so only the stalled subscriber's queue
                // (8 events) overflows; a burst of 600 could overflow a reader the test machine schedules late too.
                List<Long> published = new ArrayList<>();
                List<Long> received = new ArrayList<>();
                for (int i = 0; i < 600; i++) {
                    published.add(broker.publish(EventPayload.CommsChat.of("stall", big)));
                    SseClient.Frame frame = reader.nextEvent(Duration.ofSeconds(5));
                    assertEquals("comms.chat", frame.event(), () -> "the reader lost nothing, yet got " + frame);
                    received.add(Long.parseLong(frame.id()));
                }
                assertEquals(published, received, "the reading subscriber got every event in order");
                // The stalled subscriber may sit on another event loop, whose drain can finish after the reader's.
                await().atMost(Duration.ofSeconds(5))
                        .alias("the stalled subscriber lost its oldest events instead")
                        .until(() -> Metrics.value("mission_control_events_dropped_total") > droppedBefore);
            }
        }
    }
}
