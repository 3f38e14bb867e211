package dev.missioncontrol.events;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where events come from and where they are retained: the seam between publishing and this process's
 * fan-out ({@link SubscriberHub}). It deals in {@link Event}s (id, type, JSON bytes) and knows no wire format.
 * The in-process {@link LocalEventTransport} is the default; {@link RedisEventTransport}, a Redis stream shared by
 * several instances, implements the same calls; {@code TransportWiring} chooses one, and neither the endpoints nor
 * the hub change.
 */
public interface EventTransport {

    /**
     * Gives the event the next id, retains it and hands it to the sink set by {@link #deliverTo}, in id
     * order across all publishers.
     *
     * @param type the event type
     * @param json the event's data, a JSON object in UTF-8
     * @return the event's id where the transport numbers it at once ({@link LocalEventTransport}); 0 where it is
     *         numbered later, elsewhere (Redis)
     */
    long publish(String type, byte[] json);

    /**
     * @param lastEventId the last id a client received; 0 for none
     * @return the retained events after it, and whether some between it and the oldest retained are lost
     */
    Replay replaySince(long lastEventId);

    /** @return the id of the newest event published, 0 before the first */
    long lastId();

    /**
     * Sets where published events go. Called once, by {@link EventBroker}, at start-up.
     *
     * @param sink receives each event in id order; it must not block
     */
    void deliverTo(Consumer<Event> sink);

    /** @return true while events published now reach this process's subscribers; readiness reports it */
    default boolean isDelivering() {
        return deliveryProblem().isEmpty();
    }

    /** @return why events published now would not reach this process's subscribers; empty while they would */
    default Optional<String> deliveryProblem() {
        return Optional.empty();
    }

    /**
     * Sets what to do when events were lost before they got an id (Redis was away and the publish queue was full):
     * subscribers cannot see a gap in ids, so they must be told to refetch. Called once, by {@link EventBroker}.
     *
     * @param listener called after such a loss, once the transport delivers again
     */
    default void onLoss(Runnable listener) {}
}
