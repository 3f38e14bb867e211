package dev.missioncontrol.transport;

/** Where events, dispatches, the mission log and comms rooms are kept and shared: {@code mission-control.transport}. */
public enum Transport {
    /** In this process only: nothing to install, nothing shared (the default). */
    LOCAL,
    /** In Redis ({@code quarkus.redis.hosts}): every instance on that Redis shares them. */
    REDIS
}
