package dev.missioncontrol.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * Every event type the service publishes, and what its {@code data} holds: one record per type, serialised by
 * Jackson in component order (so {@code ts}, the ISO-8601 UTC time of publishing, comes last). Registered for
 * reflection so the native image serialises them too. {@link #TYPES} lists every type, for documents and tests.
 */
public sealed interface EventPayload {

    /** Every event type, in the order the contract lists them. */
    List<String> TYPES =
            List.of(DispatchAccepted.TYPE, DispatchRecorded.TYPE, CommsJoined.TYPE, CommsLeft.TYPE, CommsChat.TYPE);

    /** @return the event type, dot-separated words, for example {@code dispatch.accepted} */
    @JsonIgnore
    String type();

    /**
     * {@code dispatch.accepted}: a dispatch got its {@code 202}.
     *
     * @param hero the hero dispatched
     * @param id   the dispatch's id, as in its {@code Location}
     * @param ts   when it was accepted
     */
    @RegisterForReflection
    record DispatchAccepted(String hero, String id, String ts) implements EventPayload {
        /** The event type. */
        public static final String TYPE = "dispatch.accepted";

        /**
         * @param hero the hero dispatched
         * @param id   the dispatch's id
         * @return the payload, stamped now
         */
        public static DispatchAccepted of(String hero, String id) {
            return new DispatchAccepted(hero, id, now());
        }

        @Override
        @JsonIgnore
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code dispatch.recorded}: the background task recorded a hero in the mission log.
     *
     * @param hero     the hero recorded
     * @param id       the dispatch's id, as in its {@code Location}
     * @param waitedMs milliseconds from the {@code 202} to the record
     * @param ts       when it was recorded
     */
    @RegisterForReflection
    record DispatchRecorded(String hero, String id, long waitedMs, String ts) implements EventPayload {
        /** The event type. */
        public static final String TYPE = "dispatch.recorded";

        /**
         * @param hero     the hero recorded
         * @param id       the dispatch's id
         * @param waitedMs milliseconds from the {@code 202} to the record
         * @return the payload, stamped now
         */
        public static DispatchRecorded of(String hero, String id, long waitedMs) {
            return new DispatchRecorded(hero, id, waitedMs, now());
        }

        @Override
        @JsonIgnore
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code comms.joined}: a connection joined a room.
     *
     * @param room       the room
     * @param members    the room's members after the join
     * @param connection the connection's id
     * @param ts         when it joined
     */
    @RegisterForReflection
    record CommsJoined(String room, int members, String connection, String ts) implements EventPayload {
        /** The event type. */
        public static final String TYPE = "comms.joined";

        /**
         * @param room       the room
         * @param members    members after the join
         * @param connection the connection's id
         * @return the payload, stamped now
         */
        public static CommsJoined of(String room, int members, String connection) {
            return new CommsJoined(room, members, connection, now());
        }

        @Override
        @JsonIgnore
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code comms.left}: a connection left a room (or closed).
     *
     * @param room       the room
     * @param members    the room's members after the leave
     * @param connection the connection's id
     * @param ts         when it left
     */
    @RegisterForReflection
    record CommsLeft(String room, int members, String connection, String ts) implements EventPayload {
        /** The event type. */
        public static final String TYPE = "comms.left";

        /**
         * @param room       the room
         * @param members    members after the leave
         * @param connection the connection's id
         * @return the payload, stamped now
         */
        public static CommsLeft of(String room, int members, String connection) {
            return new CommsLeft(room, members, connection, now());
        }

        @Override
        @JsonIgnore
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code comms.chat}: a chat message was broadcast to a room.
     *
     * @param room the room
     * @param text the message text
     * @param ts   when it was broadcast
     */
    @RegisterForReflection
    record CommsChat(String room, String text, String ts) implements EventPayload {
        /** The event type. */
        public static final String TYPE = "comms.chat";

        /**
         * @param room the room
         * @param text the message text
         * @return the payload, stamped now
         */
        public static CommsChat of(String room, String text) {
            return new CommsChat(room, text, now());
        }

        @Override
        @JsonIgnore
        public String type() {
            return TYPE;
        }
    }

    private static String now() {
        return Instant.now().toString();
    }
}
