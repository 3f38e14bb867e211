package dev.missioncontrol.comms;

import io.vertx.core.buffer.Buffer;

/**
 * A room message on its way to the members of one event loop.
 *
 * @param room  the room
 * @param id    its number in the room's sequence (a chat's event id), or 0 for a message that has none; a member
 *              catching up skips numbered messages it had already ({@link Catchup})
 * @param frame the message as a complete WebSocket frame, shared by every member
 */
record RoomFrame(String room, long id, Buffer frame) {}
