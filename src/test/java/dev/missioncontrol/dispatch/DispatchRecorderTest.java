package dev.missioncontrol.dispatch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.context.SmallRyeManagedExecutor;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A batch whose recording fails unexpectedly: it is tried again, and a batch that keeps failing is released, so that
 * it stops holding its slots (what a shutdown drain waits for), and counted.
 */
class DispatchRecorderTest {

    /** A queue whose record throws for the first {@code failures} calls; it counts what is pending as the real ones do. */
    private static final class FailingQueue implements DispatchQueue {
        final AtomicInteger failuresLeft;
        final AtomicInteger pending = new AtomicInteger();
        final List<Dispatch> recorded = Collections.synchronizedList(new ArrayList<>());

        FailingQueue(int failures) {
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public List<Dispatch> record(List<Dispatch> batch) {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("injected failure");
            }
            recorded.addAll(batch);
            return batch;
        }

        @Override
        public void release(List<Dispatch> batch) {
            pending.addAndGet(-batch.size());
        }

        @Override
        public int pendingHere() {
            return pending.get();
        }

        @Override
        public void start(Consumer<Dispatch> holder) {}

        @Override
        public void launched(Dispatch dispatch) {}

        @Override
        public void takeOver() {}

        @Override
        public CompletionStage<Acceptance> accept(String hero, String idempotencyKey, String traceparent) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void stopTaking() {}

        @Override
        public long pending() {
            return pending.get();
        }

        @Override
        public CompletionStage<Optional<DispatchStatus>> status(String id) {
            throw new UnsupportedOperationException();
        }
    }

    private Vertx vertx;
    private ManagedExecutor executor;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        executor = SmallRyeManagedExecutor.builder().maxAsync(2).build();
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private DispatchRecorder recorder(FailingQueue queue) {
        return new DispatchRecorder(
                executor,
                vertx,
                queue,
                new DispatchMetrics(registry),
                new DispatchTracing(OpenTelemetry.noop().getTracer("test")));
    }

    private static void submit(DispatchRecorder recorder, FailingQueue queue, int count) {
        for (int i = 0; i < count; i++) {
            queue.pending.incrementAndGet();
            recorder.submit(Dispatch.accept("Hero-" + i, null));
        }
    }

    @Test
    void aBatchThatFailsOnceIsRecordedOnTheNextTry() {
        FailingQueue queue = new FailingQueue(1);
        DispatchRecorder recorder = recorder(queue);
        submit(recorder, queue, 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.recorded() == 5);
        assertEquals(5, queue.recorded.size());
        assertEquals(0, queue.pendingHere(), "every slot released");
        assertEquals(
                0, registry.counter("mission_control.dispatch.record.failures").count());
    }

    @Test
    void aBatchThatKeepsFailingIsReleasedAndReported() {
        FailingQueue queue = new FailingQueue(Integer.MAX_VALUE);
        DispatchRecorder recorder = recorder(queue);
        submit(recorder, queue, 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.pendingHere() == 0);
        assertEquals(0, recorder.recorded());
        assertEquals(
                5, registry.counter("mission_control.dispatch.record.failures").count());
    }
}
