package dev.missioncontrol.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.EventStreams;
import dev.missioncontrol.support.RedisFixture;
import dev.missioncontrol.support.ServiceProcess;
import dev.missioncontrol.support.SseClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances on one real Redis ({@code transport=redis}): one event stream with one set of ids, and a
 * client that read from one instance resumes on the other with no gap and no duplicate.
 */
class TwoInstancesEventsIT {

    private static final String QUERY = "?type=dispatch.accepted";

    private RedisFixture redis;
    private ServiceProcess a;
    private ServiceProcess b;

    @BeforeEach
    void setUp() throws Exception {
        redis = RedisFixture.start();
        Map<String, String> settings = Map.of("mission-control.events.replay", "20");
        a = redis.instance("two-instances-a", settings);
        b = redis.instance("two-instances-b", settings);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    private static List<Long> ids(SseClient client, int count, List<String> heroes) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SseClient.Frame frame = EventStreams.next(client, "dispatch.accepted");
            ids.add(Long.parseLong(frame.id()));
            heroes.add(EventStreams.json(frame).get("hero").asText());
        }
        return ids;
    }

    @Test
    void aDispatchOnOneInstanceReachesSubscribersOfBothWithTheSameIds() throws Exception {
        try (SseClient onA = EventStreams.open(a.uri("/"), QUERY);
                SseClient onB = EventStreams.open(b.uri("/"), QUERY)) {
            for (int i = 0; i < 10; i++) {
                assertEquals(
                        202,
                        (i % 2 == 0 ? a : b)
                                .post("/missions/dispatch?hero=Hero" + i)
                                .statusCode());
            }
            List<String> heroesA = new ArrayList<>();
            List<String> heroesB = new ArrayList<>();
            List<Long> idsA = ids(onA, 10, heroesA);
            List<Long> idsB = ids(onB, 10, heroesB);
            assertEquals(idsA, idsB, "one stream, one set of ids");
            assertEquals(heroesA, heroesB);
            assertTrue(heroesA.containsAll(List.of("Hero0", "Hero1", "Hero8", "Hero9")), heroesA.toString());
        }
    }

    @Test
    void aClientThatReadFromOneInstanceResumesOnTheOtherExactlyOnce() throws Exception {
        long lastSeen;
        List<String> heroes = new ArrayList<>();
        try (SseClient onA = EventStreams.open(a.uri("/"), QUERY)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(202, a.post("/missions/dispatch?hero=First" + i).statusCode());
            }
            List<Long> ids = ids(onA, 3, heroes);
            lastSeen = ids.get(2);
        }
        // Published while the client is away, on both instances.
        for (int i = 0; i < 4; i++) {
            assertEquals(
                    202,
                    (i % 2 == 0 ? a : b)
                            .post("/missions/dispatch?hero=Away" + i)
                            .statusCode());
        }
        try (SseClient onB = EventStreams.open(b.uri("/"), QUERY, Map.of("Last-Event-ID", Long.toString(lastSeen)))) {
            List<String> missed = new ArrayList<>();
            List<Long> ids = ids(onB, 4, missed);
            assertEquals(
                    List.of("Away0", "Away1", "Away2", "Away3").stream()
                            .sorted()
                            .toList(),
                    missed.stream().sorted().toList(),
                    "every event published while away, once");
            assertTrue(ids.get(0) > lastSeen);
            assertEquals(202, a.post("/missions/dispatch?hero=Live").statusCode());
            SseClient.Frame live = EventStreams.next(onB, "dispatch.accepted");
            assertEquals("Live", EventStreams.json(live).get("hero").asText(), "then live, with no duplicate");
        }
        // An id older than the 20 retained: reset first, on either instance.
        for (int i = 0; i < 25; i++) {
            b.post("/missions/dispatch?hero=Filler" + i);
        }
        try (SseClient old = EventStreams.open(a.uri("/"), QUERY, Map.of("Last-Event-ID", Long.toString(lastSeen)))) {
            assertEquals("reset", old.nextEvent().event());
        }
    }
}
