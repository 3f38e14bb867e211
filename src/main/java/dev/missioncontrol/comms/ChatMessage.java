package dev.missioncontrol.comms;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What every member of a room receives for a chat: {@code {"chat":"assemble!"}} in {@code hq} when the sender named
 * no room, {@code {"chat":"...","room":"alerts"}} when it did.
 *
 * @param chat the text
 * @param room the room, or null when the sender named none
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(String chat, String room) {

    /**
     * @param chat the parsed command
     * @return the message its room's members receive
     */
    public static ChatMessage of(CommsCommand.Chat chat) {
        return new ChatMessage(chat.text(), chat.explicit() ? chat.room() : null);
    }
}
