package dev.missioncontrol.events;

import dev.missioncontrol.redis.ProbeWatch;
import io.vertx.redis.client.Response;
import java.util.Optional;
import java.util.UUID;

/**
 * Whether what this instance publishes comes back through Redis: a probe entry ({@code probe <instance>}) is
 * published every {@value ProbeWatch#EVERY_MILLIS} ms on a stream beside the event stream ({@code <prefix>:events:probe},
 * {@code MAXLEN ~ 100}, never shown to subscribers), and {@link RedisEventTransport}'s reader reads that stream in the
 * same XREAD as the events. A connection that is open and answers reads while Redis applies no writes (paused, out
 * of memory, a read-only replica after a failover) is caught only this way.
 */
final class RedisDeliveryProbe {

    private final String instance = UUID.randomUUID().toString();
    private final String stream;
    private volatile String lastEntry = "0-0";
    private final ProbeWatch watch = new ProbeWatch("event");

    /** @param stream the probe stream's key */
    RedisDeliveryProbe(String stream) {
        this.stream = stream;
    }

    /** @return the probe stream's key */
    String stream() {
        return stream;
    }

    /** @return the id of the last probe entry read (any instance's), for the next XREAD to continue after */
    String lastEntry() {
        return lastEntry;
    }

    /** Publishes one probe through {@code publisher}. */
    void send(RedisEventPublisher publisher) {
        publisher.probe(stream, instance);
    }

    /**
     * Takes the probe entries an XREAD returned.
     *
     * @param entries the stream's entries, each {@code [id, [field, value]]}
     */
    void read(Response entries) {
        for (int i = 0; i < entries.size(); i++) {
            Response entry = entries.get(i);
            lastEntry = entry.get(0).toString();
            Response fields = entry.get(1);
            if (fields.size() == 2 && instance.equals(fields.get(1).toString())) {
                watch.heard();
            }
        }
    }

    /** @return why events do not count as flowing (no probe of ours heard within the bound), or empty */
    Optional<String> problem() {
        return watch.problem();
    }
}
