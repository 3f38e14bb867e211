package dev.missioncontrol.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.fanout.FrameSink;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The one front door for events: publishers hand it {@link EventPayload}s, the event-stream route subscribes
 * through it, shutdown ends the streams through it and readiness asks it whether it runs. At start-up it connects
 * the transport (numbering, retention, and with Redis other instances) to this process's fan-out
 * ({@link SubscriberHub}); every caller depends on this bean, so the connection exists before any publish or
 * subscribe can reach it.
 */
@Startup
@ApplicationScoped
public class EventBroker {

    private static final Logger LOG = Logger.getLogger(EventBroker.class);

    private final EventTransport transport;
    private final SubscriberHub hub;
    private final ObjectMapper mapper;
    private volatile boolean running;
    private volatile Consumer<Event> chats = event -> {};

    /**
     * @param transport numbers, retains and delivers events
     * @param hub       this process's fan-out to event-stream subscribers
     * @param mapper    the application's Jackson mapper, serialises payloads
     */
    public EventBroker(EventTransport transport, SubscriberHub hub, ObjectMapper mapper) {
        this.transport = transport;
        this.hub = hub;
        this.mapper = mapper;
    }

    @PostConstruct
    void start() {
        transport.deliverTo(event -> {
            hub.fanOut(event);
            if (EventPayload.CommsChat.TYPE.equals(event.type())) {
                chats.accept(event);
            }
        });
        transport.onLoss(hub::resetAll);
        running = true;
    }

    /**
     * @return true from start-up until {@link #endAll} began, while the transport delivers (with Redis: while its
     *         connections are open and its reader hears back): events published now reach subscribers
     */
    public boolean isRunning() {
        return running && transport.isDelivering();
    }

    /**
     * Sets where {@code comms.chat} events go besides the event stream: the rooms, whose broadcast a chat is. Called
     * once, by {@code CommsRoom}.
     *
     * @param listener receives every {@code comms.chat} this instance delivers, in id order, on the delivering
     *                 thread; it must not block
     */
    public void onChat(Consumer<Event> listener) {
        this.chats = listener;
    }

    /** @return the id of the newest event this instance has seen, 0 before the first */
    public long lastId() {
        return transport.lastId();
    }

    /** @return why events published now would not reach subscribers (with Redis), for readiness; empty while they would */
    public Optional<String> deliveryProblem() {
        return transport.deliveryProblem();
    }

    /**
     * Publishes an event. Never blocks on subscribers and never throws: a failure to serialise is logged and
     * the event is skipped, and subscribers' slowness only affects their own queues.
     *
     * @param payload the event, its type and data
     * @return the event's id, or 0 if it could not be published
     */
    public long publish(EventPayload payload) {
        try {
            return transport.publish(payload.type(), encode(payload));
        } catch (RuntimeException e) {
            LOG.errorf(e, "event %s not published", payload.type());
            return 0;
        }
    }

    /**
     * Serialises a payload as {@link #publish} would, for a transport that appends the event itself in the same
     * atomic step as other writes (the Redis dispatch queue's scripts).
     *
     * @param payload the event
     * @return its {@code data}, a JSON object in UTF-8
     * @throws IllegalStateException if it cannot be serialised (a programming error)
     */
    public byte[] encode(EventPayload payload) {
        try {
            return mapper.writeValueAsBytes(payload);
        } catch (Exception e) {
            throw new IllegalStateException("event " + payload.type() + " cannot be serialised", e);
        }
    }

    /**
     * Claims a place for a new event-stream subscriber.
     *
     * @return false when {@code max-subscribers} are open or the service is shutting down
     */
    public boolean admit() {
        return hub.admit();
    }

    /**
     * Adds an admitted subscriber; see {@link SubscriberHub#subscribe}. Must run on the sink's event loop.
     *
     * @param sink        the connection
     * @param filter      which event types to send
     * @param lastEventId the client's Last-Event-ID, if it sent one
     * @return the subscriber, to {@link #unsubscribe} when its connection closes
     */
    public Subscriber subscribe(FrameSink sink, TypeFilter filter, OptionalLong lastEventId) {
        return hub.subscribe(sink, filter, lastEventId);
    }

    /**
     * Forgets a subscriber whose connection closed; safe to call more than once. Must run on its event loop.
     *
     * @param subscriber what {@link #subscribe} returned
     */
    public void unsubscribe(Subscriber subscriber) {
        hub.remove(subscriber);
    }

    /** @return open event-stream subscribers */
    public int subscribers() {
        return hub.size();
    }

    /**
     * Stops admitting subscribers and ends every open stream with {@code event: end}.
     *
     * @param reason the end frame's {@code reason}, for example {@code shutdown}
     * @return completes when every stream has been sent its end frame
     */
    public CompletableFuture<Void> endAll(String reason) {
        running = false;
        return hub.endAll(reason);
    }
}
