package dev.missioncontrol.comms;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/** Rooms of this process only ({@code transport=local}): a message goes straight to the members here. */
@Singleton
@Typed(LocalRoomRelay.class)
// Looked up only by TransportWiring, and only when chosen, so the container must keep it.
@Unremovable
public class LocalRoomRelay implements RoomRelay {

    private volatile BiConsumer<String, String> deliver = (room, text) -> {};

    @Override
    public void start(BiConsumer<String, String> deliver) {
        this.deliver = deliver;
    }

    @Override
    public void publish(String room, String text) {
        deliver.accept(room, text);
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
