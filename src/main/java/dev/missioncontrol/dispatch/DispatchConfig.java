package dev.missioncontrol.dispatch;

import dev.missioncontrol.config.IntRange;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of dispatch, under {@code mission-control.dispatch.*}. */
@ConfigMapping(prefix = "mission-control.dispatch")
public interface DispatchConfig {

    /** @return how long the background work takes before it records the hero (default 0s) */
    @WithDefault("0s")
    Duration scrambleTime();

    /**
     * @return dispatches accepted and not yet recorded allowed at once in the whole deployment (this process, or
     *     every instance on the Redis); past that 503 (default 10000)
     */
    @WithDefault("10000")
    @WithConverter(IntRange.Positive.class)
    int maxPending();

    /** @return how long an {@code Idempotency-Key} is remembered (default 24h) */
    @WithDefault("24h")
    Duration idempotencyTtl();

    /** @return how many idempotency keys are held at once; a new key past that gets 503 (default 100000) */
    @WithDefault("100000")
    @WithConverter(IntRange.Positive.class)
    int idempotencyMaxKeys();

    /**
     * @return with {@code transport=redis}: how long a dispatch may stay pending past its scramble before another
     *         instance takes it over (its instance died); default 30s
     */
    @WithDefault("30s")
    Duration claimAfter();

    /**
     * @return with {@code transport=redis}: how often each instance looks for dispatches to take over (default 5s);
     *         read by the schedule of {@link DispatchTakeover}
     */
    @WithDefault("5s")
    Duration claimInterval();

    /** @return how long {@code GET /missions/dispatches/{id}} knows a dispatch after it is recorded (default 1h) */
    @WithDefault("1h")
    Duration statusTtl();

    /**
     * @return how often expired idempotency keys are dropped (default 60s); read by the schedule of
     *         {@link IdempotencyKeys}
     */
    @WithDefault("60s")
    Duration idempotencySweep();
}
