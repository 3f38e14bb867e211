package dev.missioncontrol.events;

/**
 * One published event as a transport numbers, retains and delivers it. Knows nothing of any wire format: the
 * fan-out encodes it for its clients ({@link SubscriberHub} as one Server-Sent Events frame shared by all).
 *
 * @param id   the sequence number, positive, increasing by one per event
 * @param type the event type, for example {@code dispatch.accepted}
 * @param json the event's data as a JSON object in UTF-8, with its {@code ts} field; never modified
 */
public record Event(long id, String type, byte[] json) {}
