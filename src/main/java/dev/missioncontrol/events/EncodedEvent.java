package dev.missioncontrol.events;

import io.vertx.core.buffer.Buffer;

/**
 * An event as this process's fan-out sends it: encoded once into its Server-Sent Events frame, which every
 * subscriber that receives the event shares.
 *
 * @param id    the event's id
 * @param type  the event's type, for the subscribers' filters
 * @param frame the whole frame ({@code id:}, {@code event:}, {@code data:}, blank line); read-only by convention
 */
record EncodedEvent(long id, String type, Buffer frame) {}
