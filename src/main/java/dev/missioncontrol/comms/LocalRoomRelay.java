package dev.missioncontrol.comms;

import dev.missioncontrol.events.EventPayload;
import dev.missioncontrol.events.LocalEventTransport;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Rooms of this process only ({@code transport=local}): a chat is numbered by the in-process event transport, which
 * delivers it before {@link #publish} returns, and retained in a {@link RoomHistory}. Chats of an earlier run are
 * not retained, so resuming from one is not {@code recovered}.
 */
@Singleton
@Typed(LocalRoomRelay.class)
// Looked up only by TransportWiring, and only when chosen, so the container must keep it.
@Unremovable
public class LocalRoomRelay implements RoomRelay {

    private final LocalEventTransport events;
    private final RoomHistory history;
    private final int capacity;

    /**
     * @param events the in-process event transport, which numbers chats
     * @param config {@code history}, chats each room retains, and {@code max-rooms}
     */
    @Inject
    public LocalRoomRelay(LocalEventTransport events, CommsConfig config) {
        this.events = events;
        this.capacity = config.history();
        this.history = new RoomHistory(capacity, config.maxRooms(), events.lastId());
    }

    @Override
    public CompletionStage<Long> publish(String room, byte[] json) {
        return CompletableFuture.completedFuture(events.publish(EventPayload.CommsChat.TYPE, json));
    }

    @Override
    public void delivered(ChatFrame chat) {
        history.add(chat);
    }

    @Override
    public CompletionStage<Long> newestId() {
        return CompletableFuture.completedFuture(events.lastId());
    }

    @Override
    public CompletionStage<Recovery> since(String room, long after) {
        return CompletableFuture.completedFuture(
                Recovery.of(history.retained(room), capacity, after, history.completeAfter(room)));
    }

    @Override
    public CompletionStage<List<ChatFrame>> newest(String room, int limit) {
        return CompletableFuture.completedFuture(Recovery.newest(history.retained(room), capacity, limit));
    }

    @Override
    public CompletionStage<Integer> members(String room, int membersHere) {
        return CompletableFuture.completedFuture(membersHere);
    }

    @Override
    public CompletionStage<Integer> joined(String room, String connection, int membersHere) {
        return CompletableFuture.completedFuture(membersHere);
    }

    @Override
    public CompletionStage<Integer> left(String room, String connection, int membersHere) {
        return CompletableFuture.completedFuture(membersHere);
    }

    @Override
    public CompletionStage<List<Departed>> sweep() {
        return CompletableFuture.completedFuture(List.of());
    }
}
