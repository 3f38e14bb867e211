package dev.missioncontrol.dispatch;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.events.EventBroker;
import dev.missioncontrol.events.RedisEventTransport;
import dev.missioncontrol.redis.RedisLink;
import dev.missioncontrol.support.RedisFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The dispatch queue contract against the Redis queue, on a real redis-server. */
class RedisDispatchQueueContractTest extends DispatchQueueContract {

    private RedisFixture redis;

    @BeforeEach
    void setUp() throws Exception {
        redis = RedisFixture.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    DispatchQueue queue(int maxPending, List<Dispatch> holder) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RedisLink link = redis.link(registry);
        // The broker only serialises payloads here: the scripts append events to the stream themselves.
        EventBroker broker =
                new EventBroker(new RedisEventTransport(link, 100, 100, registry), null, new ObjectMapper());
        RedisDispatchQueue queue = new RedisDispatchQueue(
                link,
                broker,
                100,
                new QueueSettings(maxPending, TTL),
                () -> 100,
                new DispatchMetrics(registry),
                0,
                1000);
        queue.start(holder::add);
        await().atMost(Duration.ofSeconds(10)).until(link::allConnected);
        return queue;
    }
}
