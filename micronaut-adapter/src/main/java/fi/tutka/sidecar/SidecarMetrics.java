package fi.tutka.sidecar;

import fi.tutka.api.FieldError;
import fi.tutka.api.Outcome;
import fi.tutka.api.TrialVerdict;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Quantiles;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sidecar's metrics, on {@code /prometheus}: {@code tutka_evaluations_total{verdict}},
 * {@code tutka_evaluation_seconds} (a histogram of the time from a decision read to its records durable),
 * {@code tutka_rejected_inputs_total{reason}}, {@code tutka_allocations_total{trial,arm}},
 * {@code tutka_rules_reloads_total{outcome}} ({@code ok}, {@code failed}), the sink's lag:
 * {@code tutka_sink_pending_records} (handed to the sink, not yet durable) and {@code tutka_sink_append_seconds}
 * (count and sum of the appends, from the records handed over until they are durable), and the JVM's own.
 *
 * <p>A rejection's reason is the offending field's JSON pointer ({@code /client_id}), or {@code unknown_field},
 * {@code not_json}, {@code not_object}, {@code too_large}, {@code unsupported_media_type}: never a value from the
 * input, so neither an identity code nor an unbounded set of names reaches the metrics.
 */
@Singleton
final class SidecarMetrics {
    /** From 0.5 ms (a decision outside every trial on a fast disk) to 10 s (a rules budget and then some). */
    private static final double[] LATENCY_BOUNDS = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5,
        1, 2, 5, 10};
    private static final ExpositionFormatWriter PROMETHEUS = PrometheusTextFormatWriter.create();
    private static final ExpositionFormatWriter OPEN_METRICS = OpenMetricsTextFormatWriter.create();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter evaluations;
    private final Histogram latency;
    private final Counter rejections;
    private final Counter allocations;
    private final Counter reloads;
    /** The JVM's metrics join at the first scrape: registering them at start would delay readiness by ~50 ms. */
    private final AtomicBoolean jvmRegistered = new AtomicBoolean();

    SidecarMetrics(Engine engine) {
        evaluations = Counter.builder().name("tutka_evaluations_total").help("Decisions evaluated, by verdict")
                .labelNames("verdict").withoutExemplars().register(registry);
        latency = Histogram.builder().name("tutka_evaluation_seconds")
                .help("Time from a decision read to its records durable").classicOnly()
                .classicUpperBounds(LATENCY_BOUNDS).withoutExemplars().register(registry);
        rejections = Counter.builder().name("tutka_rejected_inputs_total").help("Rejected inputs, by reason")
                .labelNames("reason").withoutExemplars().register(registry);
        allocations = Counter.builder().name("tutka_allocations_total").help("Clients randomised, by trial and arm")
                .labelNames("trial", "arm").withoutExemplars().register(registry);
        reloads = Counter.builder().name("tutka_rules_reloads_total").help("Rules reloads, by outcome")
                .labelNames("outcome").withoutExemplars().register(registry);
        // Both outcomes from the start, so that a rate over them never lacks its first sample.
        reloads.initLabelValues("ok");
        reloads.initLabelValues("failed");
        GaugeWithCallback.builder().name("tutka_sink_pending_records")
                .help("Records handed to the sink and not yet durable")
                .callback(gauge -> gauge.call(engine.ready() ? engine.parts().lag().pending() : 0))
                .register(registry);
        SummaryWithCallback.builder().name("tutka_sink_append_seconds")
                .help("Appends to the sink, from the records handed over until they are durable")
                .callback(summary -> {
                    SinkLag lag = engine.ready() ? engine.parts().lag() : null;
                    summary.call(lag == null ? 0 : lag.appends(), lag == null ? 0 : lag.nanos() / 1e9,
                            Quantiles.EMPTY);
                })
                .register(registry);
    }

    /** A rules reload: whether the new rules are in use. */
    void reloaded(boolean ok) {
        reloads.labelValues(ok ? "ok" : "failed").inc();
    }

    /** An accepted decision: its verdict, the clients it randomised, and how long it took. */
    void evaluated(Outcome outcome, long nanos) {
        evaluations.labelValues(outcome.verdict().name()).inc();
        for (TrialVerdict trial : outcome.trials()) {
            if (trial.allocatedNow()) {
                allocations.labelValues(trial.trialId(), trial.arm()).inc();
            }
        }
        if (nanos >= 0) {
            latency.observe(nanos / 1e9);
        }
    }

    /** A rejected decision: each offending field counts once. */
    void rejected(List<FieldError> errors) {
        for (FieldError error : errors) {
            rejected(reason(error));
        }
    }

    /** A request refused before a decision was read: {@code too_large}, {@code unsupported_media_type}, ... */
    void rejected(String reason) {
        rejections.labelValues(reason).inc();
    }

    /** Decisions evaluated since start, by verdict (only verdicts seen), sorted. */
    SortedMap<String, Long> evaluations() {
        return counts(evaluations);
    }

    /** Rejected inputs since start, by reason, sorted. */
    SortedMap<String, Long> rejections() {
        return counts(rejections);
    }

    private static SortedMap<String, Long> counts(Counter counter) {
        SortedMap<String, Long> counts = new TreeMap<>();
        for (CounterSnapshot.CounterDataPointSnapshot point : counter.collect().getDataPoints()) {
            counts.put(point.getLabels().getValue(0), Math.round(point.getValue()));
        }
        return counts;
    }

    /** The format a scraper asks for in its {@code Accept} header: OpenMetrics or Prometheus' text format. */
    static ExpositionFormatWriter format(String accept) {
        return OPEN_METRICS.accepts(accept) ? OPEN_METRICS : PROMETHEUS;
    }

    /** Every metric now, in {@code format}. */
    byte[] scrape(ExpositionFormatWriter format) {
        if (jvmRegistered.compareAndSet(false, true)) {
            JvmMetrics.builder().register(registry);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
        try {
            format.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    static String reason(FieldError error) {
        if (error.pointer().isEmpty()) {
            return error.message().equals("not valid JSON") ? "not_json" : "not_object";
        }
        return error.message().equals("is not a known field") ? "unknown_field" : error.pointer();
    }
}
