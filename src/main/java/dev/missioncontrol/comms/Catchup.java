package dev.missioncontrol.comms;

import java.util.List;

/**
 * What a member joining a room with resume gets before the room's live messages: {@code frames} first, then the
 * live messages numbered above {@code floor}, those that came while the frames were fetched included. Live messages
 * up to the floor it had before, or finds in the frames, so it does not get them again.
 *
 * @param frames the messages to send first, in order (JSON text)
 * @param floor  the highest message number the member has had once the frames are sent
 */
public record Catchup(List<String> frames, long floor) {}
