package dev.missioncontrol.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Reads chat frames as a client does: {@code {"chat":..,"room":..,"id":..,"ts":..}}. */
public final class ChatFrames {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ChatFrames() {}

    /** @return the frame parsed */
    public static JsonNode parse(String frame) {
        try {
            return MAPPER.readTree(frame);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param frame a message a member received
     * @return {@code <text>@<room>} of a chat frame, after checking its id is positive and its ts an instant; the
     *     frame itself if it is not a chat
     */
    public static String summary(String frame) {
        JsonNode chat = parse(frame);
        if (!chat.has("chat")) {
            return frame;
        }
        assertTrue(chat.path("id").asLong() > 0, "a chat frame has a positive id: " + frame);
        Instant.parse(chat.path("ts").asText());
        return chat.path("chat").asText() + "@" + chat.path("room").asText();
    }

    /** @return the chat frame's text */
    public static String text(String frame) {
        return parse(frame).path("chat").asText();
    }

    /** @return the chat frame's id */
    public static long id(String frame) {
        return parse(frame).path("id").asLong();
    }

    /** Joins {@code room} and checks the reply. */
    public static void join(WsClient client, String room) {
        client.send("{\"event\":\"join\",\"room\":\"" + room + "\"}");
        assertEquals("{\"joined\":\"" + room + "\"}", client.next());
    }

    /**
     * Sends a chat to {@code room}, which the sender is in, and reads it back as the room's members hear it.
     *
     * @return the chat's id
     */
    public static long chat(WsClient sender, String room, String text) {
        sender.send("{\"event\":\"chat\",\"room\":\"" + room + "\",\"text\":\"" + text + "\"}");
        String heard = sender.next();
        assertEquals(text + "@" + room, summary(heard));
        return id(heard);
    }
}
