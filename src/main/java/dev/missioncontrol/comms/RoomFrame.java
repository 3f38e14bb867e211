package dev.missioncontrol.comms;

import io.vertx.core.buffer.Buffer;

/**
 * A room message on its way to the members of one event loop.
 *
 * @param room  the room
 * @param frame the message as a complete WebSocket frame, shared by every member
 */
record RoomFrame(String room, Buffer frame) {}
