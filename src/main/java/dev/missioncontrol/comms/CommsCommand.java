package dev.missioncontrol.comms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.missioncontrol.problem.ClientInput;
import java.util.regex.Pattern;

/**
 * A client's text frame on {@code /comms}, parsed and checked: {@code {"event":"chat","text":"..."}} (with an
 * optional {@code "room"}), {@code {"event":"join","room":"..."}} (with an optional {@code "since"}),
 * {@code {"event":"leave","room":"..."}}, {@code {"event":"history","room":"...","limit":N}} or
 * {@code {"event":"members","room":"..."}}.
 */
public sealed interface CommsCommand {

    /** The reply to a {@code since} that is not a whole number of at least 0. */
    String BAD_SINCE = "since must be a whole number, 0 or more: the id of the last chat received";

    /** Room names: 1 to 64 of {@code [A-Za-z0-9._-]}. */
    Pattern ROOM_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * A chat message for a room.
     *
     * @param room     the target room, {@code hq} when the frame named none
     * @param text     the message text
     * @param explicit whether the frame named the room
     */
    record Chat(String room, String text, boolean explicit) implements CommsCommand {}

    /**
     * @param room  the room to join
     * @param since resume after this chat id; negative for no resume
     */
    record Join(String room, long since) implements CommsCommand {}

    /**
     * @param room  the room whose chats are asked for
     * @param limit how many of the newest, 1 to {@code history}
     */
    record History(String room, int limit) implements CommsCommand {}

    /** @param room the room whose members are asked for */
    record Members(String room) implements CommsCommand {}

    /** @param room the room to leave */
    record Leave(String room) implements CommsCommand {}

    /** A frame that is not a valid command; its message is the reason sent back to the sender. */
    final class Invalid extends Exception {
        /** @param reason what was wrong, for the sender */
        public Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * @param mapper the application's mapper
     * @return a reader of frames that refuses anything after the JSON value ({@code {"event":"chat"} trailing}),
     *     which the mapper's own reader ignores
     */
    static ObjectReader strictReader(ObjectMapper mapper) {
        return mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * @param frame   the text frame as received
     * @param reader  parses JSON: a {@link #strictReader}
     * @param maxText the longest chat text, in code points
     * @param history the largest {@code limit} of a history request
     * @return the command
     * @throws Invalid with the reason for the sender: not JSON, not an object, missing or unknown event,
     *                 missing or too long text, bad room name, bad {@code since} or {@code limit}
     */
    static CommsCommand parse(String frame, ObjectReader reader, int maxText, int history) throws Invalid {
        JsonNode node;
        try {
            node = reader.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new Invalid("not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new Invalid("not a JSON object");
        }
        JsonNode event = node.get("event");
        if (event == null || event.isNull()) {
            throw new Invalid("missing event");
        }
        if (!event.isTextual()) {
            throw new Invalid("event must be a string");
        }
        return switch (event.textValue()) {
            case "chat" -> chat(node, maxText);
            case "join" -> new Join(room(node, true), since(node.get("since")));
            case "leave" -> new Leave(room(node, true));
            case "history" -> new History(room(node, true), limit(node.get("limit"), history));
            case "members" -> new Members(room(node, true));
            default -> throw new Invalid("unknown event: " + ClientInput.abbreviate(event.textValue()));
        };
    }

    private static Chat chat(JsonNode node, int maxText) throws Invalid {
        JsonNode text = node.get("text");
        if (text == null || text.isNull()) {
            throw new Invalid("missing text");
        }
        if (!text.isTextual()) {
            throw new Invalid("text must be a string");
        }
        String value = text.textValue();
        if (value.codePointCount(0, value.length()) > maxText) {
            throw new Invalid("text over " + maxText + " characters");
        }
        String room = room(node, false);
        return room == null ? new Chat(CommsRoom.HQ, value, false) : new Chat(room, value, true);
    }

    /**
     * @param since a {@code since} field, or null
     * @return its value; -1 when absent
     * @throws Invalid if it is not a whole number of at least 0
     */
    static long since(JsonNode since) throws Invalid {
        if (since == null || since.isNull()) {
            return -1;
        }
        if (!since.isIntegralNumber() || !since.canConvertToLong() || since.longValue() < 0) {
            throw new Invalid(BAD_SINCE);
        }
        return since.longValue();
    }

    /**
     * @param since the {@code since} query parameter of {@code /comms?since=N}
     * @return its value
     * @throws Invalid if it is not a whole number of at least 0
     */
    static long since(String since) throws Invalid {
        if (!since.matches("[0-9]{1,18}")) {
            throw new Invalid(BAD_SINCE);
        }
        return Long.parseLong(since);
    }

    private static int limit(JsonNode limit, int history) throws Invalid {
        if (limit == null || limit.isNull()) {
            return history;
        }
        if (!limit.isIntegralNumber()
                || !limit.canConvertToInt()
                || limit.intValue() < 1
                || limit.intValue() > history) {
            throw new Invalid("limit must be a whole number from 1 to " + history);
        }
        return limit.intValue();
    }

    private static String room(JsonNode node, boolean required) throws Invalid {
        JsonNode room = node.get("room");
        if (room == null || room.isNull()) {
            if (required) {
                throw new Invalid("missing room");
            }
            return null;
        }
        if (!room.isTextual() || !ROOM_NAME.matcher(room.textValue()).matches()) {
            throw new Invalid("room must be 1-64 of A-Z a-z 0-9 . _ -");
        }
        return room.textValue();
    }
}
