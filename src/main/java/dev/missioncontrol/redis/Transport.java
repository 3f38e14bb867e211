package dev.missioncontrol.redis;

/** Where events, and later room messages and the mission log, are shared: {@code mission-control.transport}. */
public enum Transport {
    /** In this process only: nothing to install, nothing shared (the default). */
    LOCAL,
    /** Through Redis at {@code mission-control.redis.url}: every instance on that Redis shares one stream. */
    REDIS
}
