package dev.missioncontrol.comms;

/** The outcome of {@link BroadcastGroup#subscribe}. */
public enum Subscription {
    /** The connection is now a member. */
    JOINED,
    /** It already was. */
    ALREADY_MEMBER,
    /** It is in as many rooms as one member may be. */
    TOO_MANY_ROOMS_FOR_MEMBER,
    /** The room does not exist and as many rooms as the group may hold exist. */
    TOO_MANY_ROOMS;

    /** @return whether the connection is a member of the room now, newly or already */
    public boolean isMember() {
        return this == JOINED || this == ALREADY_MEMBER;
    }
}
