package dev.missioncontrol.fanout;

import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The shards of one fan-out, one per event-loop thread, created on the first use from each thread. Reading is a
 * volatile array read (publishers iterate it on every message); a new shard copies the array under a lock, which
 * happens once per event loop in the life of the process.
 *
 * @param <S> the shard type
 */
public final class ShardsByThread<S extends FanOutShard<?>> {

    private final Object lock = new Object();
    private volatile S[] shards;

    /** @param newArray makes an array of shards of the given length (for example {@code HubShard[]::new}) */
    public ShardsByThread(IntFunction<S[]> newArray) {
        this.shards = newArray.apply(0);
    }

    /** @return every shard made so far; the caller must not modify the array */
    public S[] all() {
        return shards;
    }

    /** @return the shard of the calling thread, or null if it has none */
    public S current() {
        Thread thread = Thread.currentThread();
        for (S shard : shards) {
            if (shard.thread == thread) {
                return shard;
            }
        }
        return null;
    }

    /**
     * @param create makes the calling thread's shard, if it has none yet; called at most once per thread
     * @return the calling thread's shard
     */
    public S currentOrNew(Supplier<S> create) {
        S shard = current();
        if (shard != null) {
            return shard;
        }
        synchronized (lock) {
            S[] current = shards;
            S[] grown = Arrays.copyOf(current, current.length + 1);
            shard = create.get();
            grown[current.length] = shard;
            shards = grown;
            return shard;
        }
    }
}
