package dev.missioncontrol.dispatch;

import java.time.Duration;

/**
 * Dispatch settings for queues made by tests: no scramble, takeover as soon as a dispatch is pending.
 *
 * @param maxPending     {@code max-pending}
 * @param idempotencyTtl {@code idempotency-ttl}
 */
record QueueSettings(int maxPending, Duration idempotencyTtl) implements DispatchConfig {

    public Duration scrambleTime() {
        return Duration.ZERO;
    }

    public int idempotencyMaxKeys() {
        return 100;
    }

    public Duration claimAfter() {
        return Duration.ZERO;
    }

    public Duration claimInterval() {
        return Duration.ofSeconds(5);
    }

    public Duration statusTtl() {
        return Duration.ofHours(1);
    }

    public Duration idempotencySweep() {
        return Duration.ofSeconds(60);
    }
}
