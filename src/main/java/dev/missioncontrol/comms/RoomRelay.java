package dev.missioncontrol.comms;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where chats are numbered and retained, and member counts kept: the seam between {@link CommsRoom} and the
 * transport, chosen once by {@code TransportWiring}. A chat is published once, as the {@code comms.chat} event, and
 * comes back to every instance's rooms through the event stream ({@link CommsRoom#chatDelivered}); nothing else
 * carries it. {@link LocalRoomRelay} numbers it in this process and retains it here; {@link RedisRoomRelay} numbers
 * and retains it in Redis in one step, counts members across instances, and removes the members of an instance that
 * died (presence).
 */
public interface RoomRelay {

    /** A member removed with its dead instance: publish {@code comms.left} for it. */
    record Departed(String room, int members, String connection) {}

    /** A chat that was not published; its message is the reason, for the sender. */
    final class NotDelivered extends RuntimeException {
        /** @param reason why, for the sender */
        public NotDelivered(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Publishes a chat as the {@code comms.chat} event and retains it in its room, once: a chat that fails is not
     * tried again, so it is never delivered after its sender was told it was not.
     *
     * @param room the room
     * @param json the {@code comms.chat} event's data, a JSON object in UTF-8
     * @return the event's id; fails with {@link NotDelivered} (within 2 s) when it was not published
     */
    CompletionStage<Long> publish(String room, byte[] json);

    /**
     * Called for every chat delivered to this instance, in id order, before its room's members get it.
     *
     * @param chat the chat
     */
    void delivered(ChatFrame chat);

    /**
     * @return the newest event id, across every instance with Redis: a resume from beyond it is refused
     */
    CompletionStage<Long> newestId();

    /**
     * @param room  the room
     * @param after the id a member last received
     * @return the room's retained chats after it, oldest first, and whether they follow it without a gap
     */
    CompletionStage<Recovery> since(String room, long after);

    /**
     * @param room  the room
     * @param limit how many, 1 to {@code history}
     * @return the room's newest {@code limit} retained chats, oldest first
     */
    CompletionStage<List<ChatFrame>> newest(String room, int limit);

    /**
     * @param room        the room
     * @param membersHere its members in this process
     * @return its members across every instance
     */
    CompletionStage<Integer> members(String room, int membersHere);

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
}
