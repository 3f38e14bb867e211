package dev.missioncontrol.dispatch;

import dev.missioncontrol.events.EventBroker;
import dev.missioncontrol.events.EventPayload;
import dev.missioncontrol.log.LogEntry;
import dev.missioncontrol.log.RedisLogStore;
import dev.missioncontrol.redis.EventStreamKeys;
import dev.missioncontrol.redis.RedisLink;
import dev.missioncontrol.redis.RedisScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.function.Function;

/**
 * The dispatch queue's keys in Redis and its two scripts, {@code redis/dispatch-accept.lua} and
 * {@code redis/dispatch-record.lua}, with their arguments in the order each file describes at its top. Keys:
 * {@code <prefix>:dispatch:queue} (the stream), {@code <prefix>:dispatch:<id>} (statuses),
 * {@code <prefix>:idempotency:<key>}, the mission log's and the event stream's.
 */
final class RedisDispatchScripts {

    private static final RedisScript ACCEPT = RedisScript.load("append-event.lua", "dispatch-accept.lua");
    private static final RedisScript RECORD =
            RedisScript.load("append-event.lua", RedisLogStore.FUNCTIONS, "dispatch-record.lua");

    private final EventStreamKeys events;
    private final EventBroker broker;
    private final String queueKey;
    private final String logKey;
    private final String statusPrefix;
    private final String keyPrefix;
    private final int maxPending;
    private final long idempotencyTtlMillis;
    private final long statusTtlMillis;
    private final int retain;

    RedisDispatchScripts(RedisLink link, EventBroker broker, int eventReplay, DispatchConfig config, int retain) {
        this.events = EventStreamKeys.of(link, eventReplay);
        this.broker = broker;
        this.queueKey = link.key("dispatch:queue");
        this.logKey = RedisLogStore.key(link);
        this.statusPrefix = link.key("dispatch:");
        this.keyPrefix = link.key("idempotency:");
        this.maxPending = config.maxPending();
        this.idempotencyTtlMillis = config.idempotencyTtl().toMillis();
        this.statusTtlMillis = config.statusTtl().toMillis();
        this.retain = retain;
    }

    String queueKey() {
        return queueKey;
    }

    String statusKey(String id) {
        return statusPrefix + id;
    }

    int maxPending() {
        return maxPending;
    }

    /**
     * @param reply    the accept script's reply, as dispatch-accept.lua says
     * @param dispatch the dispatch it was run for
     * @param onRepeat called when the key was known and the earlier dispatch is the answer
     * @return the acceptance; failed with {@link DispatchRefused} past {@code max-pending}
     */
    Future<Acceptance> acceptance(Response reply, Dispatch dispatch, Runnable onRepeat) {
        return switch (reply.get(0).toString()) {
            case "accepted" -> Future.succeededFuture(new Acceptance(Acceptance.Outcome.ACCEPTED, dispatch));
            case "repeat" -> {
                onRepeat.run();
                yield Future.succeededFuture(new Acceptance(
                        Acceptance.Outcome.REPEAT, Dispatch.earlier(reply.get(1).toString(), dispatch.hero())));
            }
            case "other" -> Future.succeededFuture(Acceptance.of(Acceptance.Outcome.OTHER_HERO));
            default -> Future.failedFuture(DispatchRefused.full(maxPending));
        };
    }

    /** Runs the accept script for a new dispatch; its reply is as dispatch-accept.lua says. */
    Future<Response> accept(
            Function<Request, Future<Response>> send, Dispatch dispatch, String idempotencyKey, String traceparent) {
        byte[] event = broker.encode(EventPayload.DispatchAccepted.of(dispatch.hero(), dispatch.id()));
        return ACCEPT.run(
                send,
                5,
                request -> request.arg(queueKey)
                        .arg(idempotencyKey == null ? queueKey : keyPrefix + idempotencyKey)
                        .arg(statusKey(dispatch.id()))
                        .arg(events.sequence())
                        .arg(events.stream())
                        .arg(dispatch.hero())
                        .arg(dispatch.id())
                        .arg(dispatch.acceptedMillis())
                        .arg(maxPending)
                        .arg(idempotencyKey == null ? "" : Long.toString(idempotencyTtlMillis))
                        .arg(events.maxlen())
                        .arg(EventPayload.DispatchAccepted.TYPE)
                        .arg(event)
                        .arg(traceparent == null ? "" : traceparent)
                        .arg(broker.lastId()));
    }

    /** Runs the record script for a batch recorded at {@code now}; one 1 or 0 per dispatch, in order. */
    Future<Response> record(Function<Request, Future<Response>> send, List<Dispatch> batch, long now) {
        return RECORD.run(send, 4, request -> {
            request.arg(queueKey)
                    .arg(logKey)
                    .arg(events.sequence())
                    .arg(events.stream())
                    .arg(RedisDispatchReader.GROUP)
                    .arg(retain)
                    .arg(events.maxlen())
                    .arg(now)
                    .arg(statusTtlMillis)
                    .arg(statusPrefix)
                    .arg(EventPayload.DispatchRecorded.TYPE)
                    .arg(broker.lastId());
            for (Dispatch dispatch : batch) {
                request.arg(dispatch.entry())
                        .arg(dispatch.id())
                        .arg(new LogEntry(dispatch.hero(), now).stored())
                        .arg(broker.encode(EventPayload.DispatchRecorded.of(
                                dispatch.hero(), dispatch.id(), now - dispatch.acceptedMillis())));
            }
        });
    }
}
