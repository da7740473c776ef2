package fi.tutka.sidecar;

import fi.tutka.api.FieldError;
import fi.tutka.api.Outcome;
import fi.tutka.api.TrialVerdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The sidecar's own metrics, on {@code /prometheus}: {@code tutka_evaluations_total{verdict}},
 * {@code tutka_evaluation_seconds} (a histogram of the time from a decision read to its records durable),
 * {@code tutka_rejected_inputs_total{reason}}, {@code tutka_allocations_total{trial,arm}},
 * {@code tutka_rules_reloads_total{outcome}} ({@code ok}, {@code failed}), and the sink's lag:
 * {@code tutka_sink_pending_records} (handed to the sink, not yet durable) and {@code tutka_sink_append_seconds}
 * (count and sum of the appends, from the records handed over until they are durable).
 *
 * <p>A rejection's reason is the offending field's JSON pointer ({@code /client_id}), or {@code unknown_field},
 * {@code not_json}, {@code not_object}, {@code too_large}, {@code unsupported_media_type}: never a value from the
 * input, so neither an identity code nor an unbounded set of names reaches the metrics.
 */
@Singleton
final class SidecarMetrics {
    private final MeterRegistry registry;
    private final Timer latency;
    private final Map<String, Counter> verdicts = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();
    private final Map<String, Counter> allocations = new ConcurrentHashMap<>();
    private final Counter reloadsOk;
    private final Counter reloadsFailed;

    SidecarMetrics(MeterRegistry registry, Engine engine) {
        this.registry = registry;
        this.latency = Timer.builder("tutka.evaluation")
                .description("Time from a decision read to its records durable")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        // Both outcomes from the start, so that a rate over them never lacks its first sample.
        this.reloadsOk = reloads(registry, "ok");
        this.reloadsFailed = reloads(registry, "failed");
        Gauge.builder("tutka.sink.pending", engine, e -> e.ready() ? e.parts().lag().pending() : 0)
                .description("Records handed to the sink and not yet durable").baseUnit("records")
                .register(registry);
        FunctionTimer.builder("tutka.sink.append", engine, e -> e.ready() ? e.parts().lag().appends() : 0,
                e -> e.ready() ? e.parts().lag().nanos() : 0, TimeUnit.NANOSECONDS)
                .description("Appends to the sink, from the records handed over until they are durable")
                .register(registry);
    }

    private static Counter reloads(MeterRegistry registry, String outcome) {
        return Counter.builder("tutka.rules.reloads").description("Rules reloads, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    /** A rules reload: whether the new rules are in use. */
    void reloaded(boolean ok) {
        (ok ? reloadsOk : reloadsFailed).increment();
    }

    /** An accepted decision: its verdict, the clients it randomised, and how long it took. */
    void evaluated(Outcome outcome, long nanos) {
        count(verdicts, outcome.verdict().name(), verdict -> Counter.builder("tutka.evaluations")
                .description("Decisions evaluated, by verdict").tag("verdict", verdict).register(registry));
        for (TrialVerdict trial : outcome.trials()) {
            if (trial.allocatedNow()) {
                count(allocations, trial.trialId() + '\n' + trial.arm(), key -> Counter.builder("tutka.allocations")
                        .description("Clients randomised, by trial and arm").tag("trial", trial.trialId())
                        .tag("arm", trial.arm()).register(registry));
            }
        }
        if (nanos >= 0) {
            latency.record(Duration.ofNanos(nanos));
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
        count(rejections, reason, r -> Counter.builder("tutka.rejected.inputs")
                .description("Rejected inputs, by reason").tag("reason", r).register(registry));
    }

    /** Decisions evaluated since start, by verdict (only verdicts seen), sorted. */
    SortedMap<String, Long> evaluations() {
        return counts(verdicts);
    }

    /** Rejected inputs since start, by reason, sorted. */
    SortedMap<String, Long> rejections() {
        return counts(rejections);
    }

    private static SortedMap<String, Long> counts(Map<String, Counter> counters) {
        SortedMap<String, Long> counts = new TreeMap<>();
        counters.forEach((key, counter) -> counts.put(key, Math.round(counter.count())));
        return counts;
    }

    static String reason(FieldError error) {
        if (error.pointer().isEmpty()) {
            return error.message().equals("not valid JSON") ? "not_json" : "not_object";
        }
        return error.message().equals("is not a known field") ? "unknown_field" : error.pointer();
    }

    private static void count(Map<String, Counter> counters, String key, Function<String, Counter> make) {
        counters.computeIfAbsent(key, make).increment();
    }
}
