package dev.missioncontrol.comms;

import dev.missioncontrol.config.IntRange;
import dev.missioncontrol.fanout.OverflowPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Settings of the comms WebSocket, under {@code mission-control.comms.*}. */
@ConfigMapping(prefix = "mission-control.comms")
public interface CommsConfig {

    /** @return the longest chat text, in Unicode code points (default 4096) */
    @WithDefault("4096")
    @WithConverter(IntRange.Positive.class)
    int maxText();

    /**
     * @return the largest frame or message, in bytes; a larger one closes the connection with 1009 (default
     *         65536). Applied through {@code quarkus.websockets-next.server.max-frame-size} and
     *         {@code max-message-size} in {@code application.properties}.
     */
    @WithDefault("65536")
    @WithConverter(IntRange.FrameBytes.class)
    int maxFrameBytes();

    /** @return the {@code Origin} values allowed to upgrade; absent means any origin */
    Optional<List<String>> allowedOrigins();

    /** @return open comms connections allowed at once; more are refused before the upgrade (default 10000) */
    @WithDefault("10000")
    @WithConverter(IntRange.Positive.class)
    int maxConnections();

    /** @return rooms one connection may be in at once, {@code hq} included; a join past it gets an error (default 100) */
    @WithDefault("100")
    @WithConverter(IntRange.Positive.class)
    int maxRoomsPerConnection();

    /** @return rooms that may exist at once; a join that would create one more gets an error (default 10000) */
    @WithDefault("10000")
    @WithConverter(IntRange.Positive.class)
    int maxRooms();

    /** @return chat, join and leave frames one connection may send per second (default 100) */
    @WithDefault("100")
    @WithConverter(IntRange.Positive.class)
    int maxMessagesPerSecond();

    /**
     * @return room messages held for one member whose socket is not writable (default 256, as on the event stream); the queue is per
     *         member, so one slow reader never holds up the others
     */
    @WithDefault("256")
    @WithConverter(IntRange.UpToAMillion.class)
    int memberQueue();

    /**
     * @return what a member whose queue is full loses: {@code drop-oldest} (the oldest queued message; the member
     *         gets {@code {"lost":N}} before its next message) or {@code disconnect} (closed with 1013, Try Again
     *         Later); default {@code drop-oldest}, as on the event stream
     */
    @WithDefault("drop-oldest")
    OverflowPolicy overflow();

    /**
     * @return chats each room retains for resume and {@code history} (default 100), whatever else is published;
     *     with {@code transport=redis} in Redis, shared by every instance
     */
    @WithDefault("100")
    @WithConverter(IntRange.UpToTenThousand.class)
    int history();

    /** @return with {@code transport=redis}: how long a room's history outlives its last chat (default 7d) */
    @WithDefault("7d")
    java.time.Duration historyTtl();

    /**
     * @return with {@code transport=redis}: how long an instance that stopped renewing its presence (crashed, cut
     *         off) keeps its members before another instance removes them (default 15s)
     */
    @WithDefault("15s")
    java.time.Duration presenceTtl();

    /** @return with {@code transport=redis}: how often an instance renews its presence and sweeps the dead (default 5s) */
    @WithDefault("5s")
    java.time.Duration presenceRefresh();
}
