package dev.missioncontrol.dispatch;

import dev.missioncontrol.limits.BoundedCounter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Dispatch's meters, in Prometheus names: {@code mission_control_dispatch_accepted_total},
 * {@code mission_control_dispatch_recorded_total}, {@code mission_control_dispatch_pending},
 * {@code mission_control_dispatch_duration_seconds} (from the {@code 202} to the record),
 * {@code mission_control_dispatch_idempotent_repeats_total}, {@code mission_control_dispatch_idempotency_keys},
 * and with Redis {@code mission_control_dispatch_taken_over_total} (dispatches of another instance recorded here) and
 * {@code mission_control_dispatch_duplicate_records_total} (records skipped because the dispatch was recorded already).
 * With Redis the pending gauge counts the whole deployment, refreshed every {@code claim-interval}.
 */
@Singleton
public class DispatchMetrics {

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter recorded;
    private final Timer duration;
    private final Counter repeats;
    private final Counter takenOver;
    private final Counter duplicates;
    private final Counter abandoned;

    /** @param registry where the meters are registered */
    public DispatchMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder("mission_control.dispatch.accepted")
                .description("Dispatches accepted with 202")
                .register(registry);
        this.recorded = Counter.builder("mission_control.dispatch.recorded")
                .description("Dispatches recorded in the mission log")
                .register(registry);
        // Buckets, so Prometheus can compute quantiles across instances; from 1 ms to 10 min, since the scramble is set
        // by the operator and can be long.
        this.duration = Timer.builder("mission_control.dispatch.duration")
                .description("Time from a dispatch's 202 to its record")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        this.repeats = Counter.builder("mission_control.dispatch.idempotent.repeats")
                .description("Retries answered from their Idempotency-Key, not dispatched again")
                .register(registry);
        this.takenOver = Counter.builder("mission_control.dispatch.taken.over")
                .description("Dispatches another instance held too long (it died), recorded here")
                .register(registry);
        this.duplicates = Counter.builder("mission_control.dispatch.duplicate.records")
                .description("Records skipped because the dispatch was recorded already")
                .register(registry);
        this.abandoned = Counter.builder("mission_control.dispatch.record.failures")
                .description("Dispatches this instance gave up recording after repeated unexpected failures")
                .register(registry);
    }

    /**
     * Registers the gauge of pending dispatches.
     *
     * @param pending dispatches accepted but not yet recorded, in the deployment
     */
    public void observePending(LongSupplier pending) {
        // Micrometer holds a gauge's object weakly: the supplier has no other owner, so it must be held strongly or
        // the gauge reads NaN after the first collection.
        Gauge.builder("mission_control.dispatch.pending", pending, LongSupplier::getAsLong)
                .strongReference(true)
                .description("Dispatches accepted but not yet recorded")
                .register(registry);
    }

    /** @param count dispatches taken over from an instance that held them too long */
    public void takenOver(int count) {
        takenOver.increment(count);
    }

    /** @param count dispatches given up after repeated unexpected failures to record them */
    public void recordFailed(int count) {
        abandoned.increment(count);
    }

    /** Counts a record skipped because the dispatch was recorded already. */
    public void duplicateSuppressed() {
        duplicates.increment();
    }

    /**
     * Registers the gauge of idempotency keys held.
     *
     * @param keys the count of keys held
     */
    public void observeIdempotencyKeys(BoundedCounter keys) {
        Gauge.builder("mission_control.dispatch.idempotency.keys", keys, BoundedCounter::get)
                .description("Idempotency keys remembered")
                .register(registry);
    }

    /** Counts one retry answered from its idempotency key instead of being dispatched again. */
    public void repeatSuppressed() {
        repeats.increment();
    }

    /** Counts one dispatch accepted. */
    public void accepted() {
        accepted.increment();
    }

    /**
     * Counts one dispatch recorded.
     *
     * @param waitedNanos nanoseconds from its {@code 202} to its record
     */
    public void recorded(long waitedNanos) {
        duration.record(waitedNanos, TimeUnit.NANOSECONDS);
        recorded.increment();
    }
}
