package dev.missioncontrol.comms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One chat as every member of its room receives it, live or replayed:
 * {@code {"chat":"<text>","room":"<room>","id":<n>,"ts":"<ISO-8601 UTC>"}}, plus {@code "from"} where the
 * {@code comms.chat} event names the sender. Built from that event, so the frame and the event stream agree.
 *
 * @param id    the {@code comms.chat} event's id, positive
 * @param room  the room
 * @param frame the frame's JSON text
 */
public record ChatFrame(long id, String room, String frame) {

    /**
     * @param id        the event's id
     * @param eventJson the {@code comms.chat} event's data: {@code {"room":..,"text":..,"ts":..}}, in UTF-8
     * @param mapper    parses it and writes the frame
     * @return the frame its room's members receive
     * @throws UncheckedIOException if the data is not such an object (the service wrote it, so a programming error)
     */
    public static ChatFrame of(long id, byte[] eventJson, ObjectMapper mapper) {
        try {
            JsonNode event = mapper.readTree(eventJson);
            String room = event.path("room").asText();
            ObjectNode frame = mapper.createObjectNode()
                    .put("chat", event.path("text").asText())
                    .put("room", room)
                    .put("id", id)
                    .put("ts", event.path("ts").asText());
            JsonNode from = event.get("from");
            if (from != null && from.isTextual()) {
                frame.put("from", from.textValue());
            }
            return new ChatFrame(id, room, mapper.writeValueAsString(frame));
        } catch (IOException e) {
            throw new UncheckedIOException("comms.chat " + id + " is not a chat event", e);
        }
    }
}
