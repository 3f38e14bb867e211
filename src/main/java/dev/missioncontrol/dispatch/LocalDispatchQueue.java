package dev.missioncontrol.dispatch;

import dev.missioncontrol.events.EventBroker;
import dev.missioncontrol.events.EventPayload;
import dev.missioncontrol.limits.BoundedCounter;
import dev.missioncontrol.log.LogConfig;
import dev.missioncontrol.log.MissionLog;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Dispatches in this process ({@code transport=local}): at most {@code max-pending} accepted and unrecorded at once,
 * idempotency keys in {@link IdempotencyKeys}, the log in {@link MissionLog}. A SIGTERM drains them; a crash loses
 * them. The statuses of recorded dispatches are kept for {@code status-ttl}, at most as many as the log retains.
 */
@Singleton
@Typed(LocalDispatchQueue.class)
// Looked up only by TransportWiring, and only when chosen, so the container must keep it.
@Unremovable
public class LocalDispatchQueue implements DispatchQueue {

    /** A dispatch's status; recordedMillis is 0 until it is recorded. */
    private static final class Status {
        final Dispatch dispatch;
        volatile long recordedMillis;

        Status(Dispatch dispatch) {
            this.dispatch = dispatch;
        }
    }

    private final MissionLog log;
    private final EventBroker broker;
    private final IdempotencyKeys keys;
    private final BoundedCounter pending;
    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    // Recorded dispatches, oldest first, so their statuses are dropped in that order.
    private final ArrayDeque<Status> recorded = new ArrayDeque<>();
    private final long statusTtlMillis;
    private final int statusesKept;
    private volatile boolean taking = true;
    private volatile Consumer<Dispatch> holder = dispatch -> {};

    /**
     * @param log       where dispatches are recorded
     * @param broker    publishes {@code dispatch.accepted} and {@code dispatch.recorded}
     * @param keys      the idempotency keys
     * @param config    {@code max-pending} and {@code status-ttl}
     * @param logConfig how many statuses to keep at most
     */
    public LocalDispatchQueue(
            MissionLog log, EventBroker broker, IdempotencyKeys keys, DispatchConfig config, LogConfig logConfig) {
        this.log = log;
        this.broker = broker;
        this.keys = keys;
        this.pending = new BoundedCounter(config.maxPending());
        this.statusTtlMillis = config.statusTtl().toMillis();
        this.statusesKept = logConfig.retain();
    }

    @Override
    public void start(Consumer<Dispatch> holder) {
        this.holder = holder;
    }

    @Override
    public void launched(Dispatch dispatch) {
        // In one process the instance that accepted a dispatch is the one that records it.
        holder.accept(dispatch);
    }

    @Override
    public void takeOver() {
        // No other instance's dispatches to take over.
    }

    @Override
    public CompletionStage<Acceptance> accept(String hero, String idempotencyKey, String traceparent) {
        try {
            return CompletableFuture.completedFuture(acceptNow(hero, idempotencyKey, traceparent));
        } catch (DispatchRefused refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    private Acceptance acceptNow(String hero, String key, String traceparent) throws DispatchRefused {
        if (key != null) {
            switch (keys.claim(key, hero)) {
                case NEW -> {}
                case REPEAT -> {
                    return new Acceptance(Acceptance.Outcome.REPEAT, Dispatch.earlier(keys.dispatchOf(key), hero));
                }
                case OTHER_HERO -> {
                    return Acceptance.of(Acceptance.Outcome.OTHER_HERO);
                }
                case IN_PROGRESS -> {
                    return Acceptance.of(Acceptance.Outcome.IN_PROGRESS);
                }
                case FULL -> throw DispatchRefused.keysFull();
            }
        }
        // The slot is claimed before the flag is read: a dispatch that saw the flag up is then certainly counted by
        // the drain, which lowers the flag before it reads the count.
        if (!pending.tryAcquire()) {
            forget(key);
            throw taking ? DispatchRefused.full(pending.max()) : DispatchRefused.shuttingDown();
        }
        if (!taking) {
            pending.release();
            forget(key);
            throw DispatchRefused.shuttingDown();
        }
        Dispatch dispatch = Dispatch.accept(hero, traceparent);
        statuses.put(dispatch.id(), new Status(dispatch));
        if (key != null) {
            keys.accepted(key, dispatch.id());
        }
        broker.publish(EventPayload.DispatchAccepted.of(hero, dispatch.id()));
        return new Acceptance(Acceptance.Outcome.ACCEPTED, dispatch);
    }

    private void forget(String key) {
        if (key != null) {
            keys.forget(key);
        }
    }

    @Override
    public List<Dispatch> record(List<Dispatch> batch) {
        log.record(batch.stream().map(Dispatch::hero).toList());
        long now = System.currentTimeMillis();
        for (Dispatch dispatch : batch) {
            broker.publish(
                    EventPayload.DispatchRecorded.of(dispatch.hero(), dispatch.id(), now - dispatch.acceptedMillis()));
            Status status = statuses.get(dispatch.id());
            if (status != null) {
                status.recordedMillis = now;
                keep(status, now);
            }
        }
        return batch;
    }

    private void keep(Status status, long now) {
        synchronized (recorded) {
            recorded.addLast(status);
            Status oldest;
            while ((oldest = recorded.peekFirst()) != null
                    && (recorded.size() > statusesKept || now - oldest.recordedMillis > statusTtlMillis)) {
                recorded.pollFirst();
                statuses.remove(oldest.dispatch.id());
            }
        }
    }

    @Override
    public void release(List<Dispatch> batch) {
        for (int i = 0; i < batch.size(); i++) {
            pending.release();
        }
    }

    @Override
    public void stopTaking() {
        taking = false;
    }

    @Override
    public int pendingHere() {
        return pending.get();
    }

    @Override
    public long pending() {
        return pending.get();
    }

    @Override
    public CompletionStage<Optional<DispatchStatus>> status(String id) {
        Status status = statuses.get(id);
        return CompletableFuture.completedFuture(Optional.ofNullable(status)
                .map(s -> DispatchStatus.of(
                        s.dispatch.id(), s.dispatch.hero(), s.dispatch.acceptedMillis(), s.recordedMillis)));
    }
}
