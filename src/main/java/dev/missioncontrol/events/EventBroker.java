package dev.missioncontrol.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The service's event broker: everything that happens is published here and reaches every event-stream
 * subscriber. Each event is serialised to JSON once, here, and encoded into one Server-Sent Events frame that
 * all subscribers share.
 */
@ApplicationScoped
public class EventBroker {

    private static final Logger LOG = Logger.getLogger(EventBroker.class);

    private final EventTransport transport;
    private final ObjectMapper mapper;

    /**
     * @param transport numbers, retains and delivers events
     * @param hub       created with the broker so that it is the transport's sink before the first publish
     * @param mapper    the application's Jackson mapper
     */
    public EventBroker(EventTransport transport, SubscriberHub hub, ObjectMapper mapper) {
        this.transport = transport;
        this.mapper = mapper;
    }

    /**
     * Builds an event's fields in the order given, so the JSON reads in that order.
     *
     * @param namesAndValues alternating field names (strings) and values
     * @return the fields, in order
     * @throws IllegalArgumentException if the count is odd or a name is not a string
     */
    public static Map<String, Object> fields(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("fields take name, value pairs");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!(namesAndValues[i] instanceof String name)) {
                throw new IllegalArgumentException("field name at " + i + " is not a string");
            }
            fields.put(name, namesAndValues[i + 1]);
        }
        return fields;
    }

    /**
     * Publishes an event. Never blocks on subscribers and never throws: a failure to serialise is logged and
     * the event is skipped, and subscribers' slowness only affects their own queues.
     *
     * @param type the event type, dot-separated words, for example {@code dispatch.accepted}
     * @param data the event's fields, values that Jackson serialises without reflection (strings, numbers,
     *             booleans, lists, maps); a {@code ts} field with the current ISO-8601 UTC time is added
     * @return the event's id, or 0 if it could not be published
     */
    public long publish(String type, Map<String, ?> data) {
        try {
            Map<String, Object> fields = new LinkedHashMap<>(data);
            fields.put("ts", Instant.now().toString());
            return transport.publish(type, mapper.writeValueAsBytes(fields)).id();
        } catch (Exception e) {
            LOG.warnf(e, "event %s not published", type);
            return 0;
        }
    }
}
