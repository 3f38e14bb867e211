package dev.missioncontrol.dispatch;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Carries a dispatch's trace (OpenTelemetry, W3C Trace Context) from the request that accepted it to its record,
 * whatever scramble, executor thread or instance records it. At acceptance the current span (the HTTP server span,
 * which continues a client's {@code traceparent}) is kept with the dispatch as a W3C {@code traceparent} value, in the
 * Redis stream entry too; the record is a span {@code dispatch.record}, its child, from the acceptance to the record.
 * Without an SDK (tracing off) there is no current span and nothing is kept or made.
 */
@Singleton
public class DispatchTracing {

    /** The record span's name. */
    public static final String RECORD_SPAN = "dispatch.record";

    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };

    private final Tracer tracer;

    /** @param tracer the application's tracer (a no-op one while tracing is off) */
    public DispatchTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** @return the current span as a W3C {@code traceparent} (00-trace-span-flags), or null when there is none */
    String current() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                + span.getTraceFlags().asHex();
    }

    /**
     * Makes the record span of a dispatch that carries a trace: a child of its request's span, from its acceptance
     * to now.
     *
     * @param dispatch       the dispatch just recorded
     * @param recordedMillis when, in milliseconds since the epoch
     */
    void recorded(Dispatch dispatch, long recordedMillis) {
        if (dispatch.traceparent() == null) {
            return;
        }
        Context parent =
                W3CTraceContextPropagator.getInstance().extract(Context.root(), dispatch.traceparent(), TRACEPARENT);
        tracer.spanBuilder(RECORD_SPAN)
                .setParent(parent)
                .setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(dispatch.acceptedMillis(), TimeUnit.MILLISECONDS)
                .setAttribute("mission_control.dispatch.id", dispatch.id())
                .setAttribute("mission_control.dispatch.hero", dispatch.hero())
                .setAttribute("mission_control.dispatch.waited_ms", recordedMillis - dispatch.acceptedMillis())
                .startSpan()
                .end(recordedMillis, TimeUnit.MILLISECONDS);
    }
}
