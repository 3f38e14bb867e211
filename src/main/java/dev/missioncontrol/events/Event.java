package dev.missioncontrol.events;

import io.vertx.core.buffer.Buffer;

/**
 * One published event, encoded once and shared by every subscriber that receives it.
 *
 * @param id    the process-wide sequence number, positive, increasing by one per event
 * @param type  the event type, for example {@code dispatch.accepted}
 * @param json  the event's data as a JSON object (UTF-8), with its {@code ts} field
 * @param frame the whole Server-Sent Events frame ({@code id:}, {@code event:}, {@code data:}, blank line);
 *              read-only by convention, never modified after creation
 */
public record Event(long id, String type, byte[] json, Buffer frame) {
}
