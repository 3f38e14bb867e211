package dev.missioncontrol.events;

import java.util.List;

/**
 * What a resuming subscriber receives before live events.
 *
 * @param events the retained events after the client's last id, oldest first
 * @param reset  true if events between the client's last id and the oldest retained one are lost (or the
 *               client's id is from before a restart), so the client should refetch its state
 * @param oldest the id of the oldest retained event, or the next id if none is retained
 * @param lastId the newest id published when the replay was taken
 */
public record Replay(List<Event> events, boolean reset, long oldest, long lastId) {}
