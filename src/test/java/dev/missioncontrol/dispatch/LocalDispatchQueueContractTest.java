package dev.missioncontrol.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.events.EventBroker;
import dev.missioncontrol.events.LocalEventTransport;
import dev.missioncontrol.events.SubscriberHubTest;
import dev.missioncontrol.fanout.OverflowPolicy;
import dev.missioncontrol.log.LocalLogStore;
import dev.missioncontrol.log.MissionLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;

/** The dispatch queue contract against the in-process queue. */
class LocalDispatchQueueContractTest extends DispatchQueueContract {

    @Override
    DispatchQueue queue(int maxPending, List<Dispatch> holder) {
        QueueSettings settings = new QueueSettings(maxPending, TTL);
        DispatchMetrics metrics = new DispatchMetrics(new SimpleMeterRegistry());
        LocalEventTransport events = new LocalEventTransport(new SubscriberHubTest.Settings(
                Duration.ofHours(1), Duration.ofHours(1), 100, 16, OverflowPolicy.DROP_OLDEST, 100));
        LocalDispatchQueue queue = new LocalDispatchQueue(
                new MissionLog(new LocalLogStore(100)),
                new EventBroker(events, null, new ObjectMapper()),
                new IdempotencyKeys(settings, metrics),
                settings,
                () -> 100);
        queue.start(holder::add);
        return queue;
    }
}
