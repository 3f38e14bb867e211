package dev.missioncontrol.dispatch;

import dev.missioncontrol.limits.BoundedCounter;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The idempotency keys of recent dispatches, in this process (draft-ietf-httpapi-idempotency-key-header, section
 * 2.6): a retry with the same key and hero within {@code idempotency-ttl} gets the first answer and is not dispatched
 * again; the same key with another hero is refused; a retry while the first is still being accepted is told to wait.
 * At most {@code idempotency-max-keys} keys are held, so clients cannot grow this without bound; expired keys are
 * swept every {@code idempotency-sweep}.
 */
@ApplicationScoped
public class IdempotencyKeys {

    /** What {@link #claim} found. */
    public enum Claim {
        /** A new key: go on and dispatch, then call {@link #accepted} or {@link #forget}. */
        NEW,
        /** The same key and hero were accepted before: answer as then, dispatch nothing. */
        REPEAT,
        /** The key was used for another hero. */
        OTHER_HERO,
        /** The same key and hero are being accepted right now. */
        IN_PROGRESS,
        /** As many keys as allowed are held. */
        FULL
    }

    private static final class Entry {
        final String hero;
        final long createdNanos;
        // Set once the dispatch is accepted; null while it is being accepted.
        volatile String dispatchId;

        Entry(String hero, long createdNanos) {
            this.hero = hero;
            this.createdNanos = createdNanos;
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final BoundedCounter held;
    private final long ttlNanos;
    private final DispatchMetrics metrics;

    /**
     * @param config  the key lifetime and how many keys may be held
     * @param metrics counts repeats and gauges the keys held
     */
    public IdempotencyKeys(DispatchConfig config, DispatchMetrics metrics) {
        this.held = new BoundedCounter(config.idempotencyMaxKeys());
        this.ttlNanos = config.idempotencyTtl().toNanos();
        this.metrics = metrics;
        metrics.observeIdempotencyKeys(held);
    }

    /**
     * @param key  the request's key
     * @param hero the request's validated hero
     * @return what to do with the request
     */
    public Claim claim(String key, String hero) {
        long now = System.nanoTime();
        Entry fresh = new Entry(hero, now);
        Entry existing = entries.putIfAbsent(key, fresh);
        if (existing != null && now - existing.createdNanos >= ttlNanos && entries.remove(key, existing)) {
            held.release();
            existing = entries.putIfAbsent(key, fresh);
        }
        if (existing == null) {
            if (!held.tryAcquire()) {
                entries.remove(key, fresh);
                return Claim.FULL;
            }
            return Claim.NEW;
        }
        if (!existing.hero.equals(hero)) {
            return Claim.OTHER_HERO;
        }
        if (existing.dispatchId == null) {
            return Claim.IN_PROGRESS;
        }
        metrics.repeatSuppressed();
        return Claim.REPEAT;
    }

    /**
     * @param key        a key {@link #claim} answered NEW for, whose dispatch was accepted
     * @param dispatchId that dispatch's id, for the answers to repeats
     */
    public void accepted(String key, String dispatchId) {
        Entry entry = entries.get(key);
        if (entry != null) {
            entry.dispatchId = dispatchId;
        }
    }

    /**
     * @param key a key {@link #claim} answered REPEAT for
     * @return the id of the dispatch it was accepted for; null if it expired meanwhile
     */
    public String dispatchOf(String key) {
        Entry entry = entries.get(key);
        return entry == null ? null : entry.dispatchId;
    }

    /** @param key a key {@link #claim} answered NEW for, whose dispatch was refused: a retry may try again */
    public void forget(String key) {
        if (entries.remove(key) != null) {
            held.release();
        }
    }

    /** Drops the keys older than {@code idempotency-ttl}. */
    @Scheduled(
            every = "${mission-control.dispatch.idempotency-sweep:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        long now = System.nanoTime();
        entries.forEach((key, entry) -> {
            if (now - entry.createdNanos >= ttlNanos && entries.remove(key, entry)) {
                held.release();
            }
        });
    }
}
