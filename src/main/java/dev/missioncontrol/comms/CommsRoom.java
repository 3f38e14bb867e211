package dev.missioncontrol.comms;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.events.Event;
import dev.missioncontrol.events.EventBroker;
import dev.missioncontrol.events.EventPayload;
import io.quarkus.runtime.Startup;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * HQ's comms channel: the application's one {@link BroadcastGroup} of {@code /comms} connections. A chat takes one
 * path: it is published once, as the {@code comms.chat} event ({@link RoomRelay#publish}), and its room's members
 * here get it when this instance delivers that event ({@link #chatDelivered}), with the event's id, so chats and
 * the event stream share one sequence and a member resumes from the last id it saw ({@link #resume}). Every
 * membership change is published as {@code comms.joined} / {@code comms.left} with the room's member count, which
 * the relay keeps: in this process, or across every instance.
 */
@Startup
@ApplicationScoped
public class CommsRoom extends BroadcastGroup {

    /** The room every connection joins on open. */
    public static final String HQ = "hq";

    private static final Logger LOG = Logger.getLogger(CommsRoom.class);

    private final EventBroker broker;
    private final RoomRelay relay;
    private final ObjectMapper mapper;
    private final CommsMetrics metrics;
    private final int history;

    /**
     * @param vertx   whose event loops own the connections
     * @param broker  numbers chats and receives the membership events
     * @param config  bounds the rooms in all and per connection; each member's queue and overflow policy; history
     * @param metrics counts rooms, chats and overflow
     * @param relay   where chats are numbered and retained and member counts kept, as the transport chose
     * @param mapper  reads chat events and writes frames
     */
    public CommsRoom(
            Vertx vertx,
            EventBroker broker,
            CommsConfig config,
            CommsMetrics metrics,
            RoomRelay relay,
            ObjectMapper mapper) {
        super(
                vertx,
                config.maxRooms(),
                config.maxRoomsPerConnection(),
                config.memberQueue(),
                config.overflow(),
                metrics);
        this.broker = broker;
        this.relay = relay;
        this.mapper = mapper;
        this.metrics = metrics;
        this.history = config.history();
        metrics.observeRooms(this);
        broker.onChat(this::chatDelivered);
    }

    /**
     * Publishes a chat; its room's members, the sender included, get it through {@link #chatDelivered}.
     *
     * @param room the room
     * @param text the text
     * @return the chat's id; fails with {@link RoomRelay.NotDelivered} when nobody will receive it
     */
    public CompletionStage<Long> chat(String room, String text) {
        return relay.publish(room, broker.encode(EventPayload.CommsChat.of(room, text)))
                .whenComplete((id, failure) -> {
                    if (failure == null) {
                        metrics.chatDelivered();
                    } else {
                        metrics.chatNotDelivered();
                    }
                });
    }

    /**
     * Hands a {@code comms.chat} event this instance delivers to its room's members here. On the delivering thread,
     * in id order.
     *
     * @param event the event
     */
    void chatDelivered(Event event) {
        try {
            ChatFrame chat = ChatFrame.of(event.id(), event.json(), mapper);
            relay.delivered(chat);
            broadcast(chat.room(), chat.id(), chat.frame());
        } catch (RuntimeException e) {
            LOG.errorf(e, "comms.chat %d not delivered to the rooms", event.id());
        }
    }

    /**
     * Joins a connection to a room and sends it, before the room's live chats, {@code {"joined":R,"recovered":b}}
     * and every retained chat after {@code since}: no gap and no duplicate with the live ones.
     *
     * @param room       the room
     * @param connection the member
     * @param since      the last chat id it received, at most the newest id
     * @return as {@link #subscribe}
     */
    public Subscription resume(String room, WebSocketConnection connection, long since) {
        return subscribe(
                room,
                connection,
                () -> relay.since(room, since).handle((recovery, failure) -> catchup(room, since, recovery, failure)));
    }

    private Catchup catchup(String room, long since, Recovery recovery, Throwable failure) {
        List<String> frames = new ArrayList<>();
        if (failure != null) {
            frames.add(mapper.createObjectNode()
                    .put("error", "history of room " + room + " not available: " + failure.getMessage())
                    .toString());
            frames.add(joined(room, false));
            return new Catchup(frames, since);
        }
        frames.add(joined(room, recovery.recovered()));
        long floor = since;
        for (ChatFrame chat : recovery.chats()) {
            frames.add(chat.frame());
            floor = Math.max(floor, chat.id());
        }
        metrics.chatsReplayed(recovery.chats().size());
        return new Catchup(frames, floor);
    }

    private String joined(String room, boolean recovered) {
        return mapper.createObjectNode()
                .put("joined", room)
                .put("recovered", recovered)
                .toString();
    }

    /**
     * @param room  the room
     * @param limit 1 to {@link #historyLimit()}
     * @return the room's newest {@code limit} chats, oldest first
     */
    public CompletionStage<List<ChatFrame>> history(String room, int limit) {
        return relay.newest(room, limit).thenApply(chats -> {
            metrics.chatsReplayed(chats.size());
            return chats;
        });
    }

    /**
     * @param room the room
     * @return its members across every instance
     */
    public CompletionStage<Integer> memberCount(String room) {
        return relay.members(room, members(room));
    }

    /** @return the newest event id, across every instance with Redis */
    public CompletionStage<Long> newestId() {
        return relay.newestId();
    }

    /** @return the most chats a room retains and {@code history} gives ({@code mission-control.comms.history}) */
    public int historyLimit() {
        return history;
    }

    @Override
    protected void joined(String room, int members, WebSocketConnection connection) {
        String id = connection.id();
        announce(room, members, id, relay.joined(room, id, members), EventPayload.CommsJoined::of);
    }

    @Override
    protected void left(String room, int members, WebSocketConnection connection) {
        String id = connection.id();
        announce(room, members, id, relay.left(room, id, members), EventPayload.CommsLeft::of);
    }

    /** A membership event: {@code comms.joined} or {@code comms.left}. */
    private interface Announcement {
        EventPayload of(String room, int members, String connection);
    }

    private void announce(String room, int members, String id, CompletionStage<Integer> count, Announcement event) {
        count.whenComplete((all, failure) -> broker.publish(event.of(room, failure == null ? all : members, id)));
    }
}
