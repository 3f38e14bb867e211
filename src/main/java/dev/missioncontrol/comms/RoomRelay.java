package dev.missioncontrol.comms;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * Where room messages and member counts come from: the seam between {@link CommsRoom} and the transport, chosen
 * once by {@code TransportWiring}. {@link LocalRoomRelay} hands a message straight back to this process's members;
 * {@link RedisRoomRelay} sends it through Redis to every instance and counts members across them, with presence so
 * that the members of an instance that died are removed.
 */
public interface RoomRelay {

    /** A member removed with its dead instance: publish {@code comms.left} for it. */
    record Departed(String room, int members, String connection) {}

    /**
     * Starts relaying. Called once, by {@link CommsRoom}.
     *
     * @param deliver hands a room message (room, text) to this instance's members; called for every message
     *                published, by any instance, this one's included
     */
    void start(BiConsumer<String, String> deliver);

    /**
     * Sends a room message to the room's members on every instance, through {@code deliver}.
     *
     * @param room the room
     * @param text the message
     */
    void publish(String room, String text);

    /**
     * @param room       the room joined
     * @param connection who joined
     * @param membersHere the room's members in this process, after the join
     * @return the room's members across every instance, after the join
     */
    CompletionStage<Integer> joined(String room, String connection, int membersHere);

    /**
     * @param room        the room left
     * @param connection  who left
     * @param membersHere the room's members in this process, after the leave
     * @return the room's members across every instance, after the leave
     */
    CompletionStage<Integer> left(String room, String connection, int membersHere);

    /**
     * Renews this instance's presence and removes the members of instances whose presence expired; called every
     * {@code presence-refresh} by {@link PresenceSweep}.
     *
     * @return the members removed, for the {@code comms.left} events; empty in one process
     */
    CompletionStage<List<Departed>> sweep();

    /**
     * @return why room messages published now would not reach members (with Redis: no probe came back through the
     *     rooms' channel lately), for readiness; empty while they would
     */
    default Optional<String> deliveryProblem() {
        return Optional.empty();
    }
}
