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
 * optional {@code "room"}), {@code {"event":"join","room":"..."}} or {@code {"event":"leave","room":"..."}}.
 */
public sealed interface CommsCommand {

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

    /** @param room the room to join */
    record Join(String room) implements CommsCommand {}

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
     * @return the command
     * @throws Invalid with the reason for the sender: not JSON, not an object, missing or unknown event,
     *                 missing or too long text, bad room name
     */
    static CommsCommand parse(String frame, ObjectReader reader, int maxText) throws Invalid {
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
            case "join" -> new Join(room(node, true));
            case "leave" -> new Leave(room(node, true));
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
