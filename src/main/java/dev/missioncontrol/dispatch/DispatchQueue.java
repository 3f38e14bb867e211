package dev.missioncontrol.dispatch;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Where accepted dispatches wait until they are recorded: the seam between the {@link Dispatcher} (scramble, the
 * managed executor, the shutdown drain) and storage, chosen once by {@code TransportWiring}. {@link LocalDispatchQueue} keeps them in this process (a crash
 * loses them); {@link RedisDispatchQueue} keeps them in Redis before the {@code 202}, so any instance records them
 * and another takes over those of an instance that died. Either way a dispatch is recorded exactly once, and its
 * {@code dispatch.accepted} and {@code dispatch.recorded} events are published with the step that makes them true.
 */
public interface DispatchQueue {

    /**
     * Starts handing dispatches to the dispatcher to hold until recorded: those this instance accepted (local, once
     * {@link #launched}) or those it reads from the shared queue (Redis, accepted by any instance).
     *
     * @param holder takes each dispatch this instance is to record; called at most once per dispatch held at once
     */
    void start(Consumer<Dispatch> holder);

    /**
     * Tells the queue that a dispatch it accepted here has been answered {@code 202}: the local queue hands it to
     * the holder now; the Redis queue does nothing, since its reader hands out what it reads.
     *
     * @param dispatch a dispatch {@link #accept} accepted
     */
    void launched(Dispatch dispatch);

    /**
     * Takes over what instances that died left pending, to be recorded here (Redis: those idle past
     * {@code claim-after} plus {@code scramble-time}); nothing to do in one process. Returns at once.
     */
    void takeOver();

    /**
     * Accepts a validated hero, or answers from its idempotency key.
     *
     * @param hero           the validated hero
     * @param idempotencyKey the request's key, or null
     * @param traceparent    the request's trace (W3C), kept with the dispatch; null for none
     * @return the acceptance; fails with {@link DispatchRefused} when nothing was accepted and the client should retry
     */
    CompletionStage<Acceptance> accept(String hero, String idempotencyKey, String traceparent);

    /**
     * Records a batch in the mission log, each with its {@code dispatch.recorded} event, exactly once: a dispatch
     * that some instance recorded already is skipped. Blocks: call it on the managed executor.
     *
     * @param batch dispatches this instance holds, in the order to record them
     * @return those recorded now, in order; the rest had been recorded already
     * @throws LogUnavailable if nothing could be written (Redis away): none of the batch was recorded
     */
    List<Dispatch> record(List<Dispatch> batch);

    /**
     * Lets go of dispatches this instance held: recorded (by {@link #record} or earlier) and counted, or given up
     * after a failure that {@link #record} did not report as {@link LogUnavailable}, so that they stop counting as
     * pending here. The Redis queue hands a released dispatch that is still unrecorded out again on its next read.
     *
     * @param batch what {@link #record} was given
     */
    void release(List<Dispatch> batch);

    /** Refuses every later {@link #accept} with {@code SHUTTING_DOWN} and stops handing out dispatches to hold. */
    void stopTaking();

    /** @return dispatches this instance accepted or holds and has not recorded: what a shutdown drain waits for */
    int pendingHere();

    /**
     * @return dispatches accepted and not yet recorded in the whole deployment (with Redis, every instance's): what
     *         {@code max-pending} bounds
     */
    long pending();

    /**
     * @param id a dispatch's id
     * @return its status, or empty when it is unknown or no longer kept ({@code status-ttl})
     */
    CompletionStage<Optional<DispatchStatus>> status(String id);
}
