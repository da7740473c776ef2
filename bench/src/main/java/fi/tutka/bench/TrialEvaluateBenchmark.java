package fi.tutka.bench;

import fi.tutka.Tutka;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TutkaException;
import fi.tutka.codec.TutkaJson;
import fi.tutka.providers.JdbcAllocationStore;
import fi.tutka.providers.JdbcIdentityVault;
import fi.tutka.providers.StaticKeyProvider;
import fi.tutka.rules.BundledRules;
import fi.tutka.sample.SampleGenerator;
import fi.tutka.spi.HmacKey;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link Tutka#evaluate} on decisions inside the bundled trials' areas and dates (area 179, 2026 H2), where every
 * decision reads the client's allocations from the ledger (H2 in memory). Setup evaluates every decision once, so
 * every eligible client is already randomised and the measured evaluations are the steady state: eligibility rules,
 * one ledger read (two for an allocated client) and the arm check. Compare with
 * {@code EvaluateBenchmark.tutkaEvaluate}, the same engine on decisions outside every trial.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class TrialEvaluateBenchmark {
    private Tutka tutka;
    private JdbcAllocationStore ledger;
    private JdbcIdentityVault vault;
    private ServiceDecision[] decisions;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        ledger = JdbcAllocationStore.open("jdbc:h2:mem:trial-bench;DB_CLOSE_DELAY=-1", null, null);
        HmacKey trialKey = new HmacKey("bench-trials", new byte[32]);
        StaticKeyProvider keys = StaticKeyProvider.of(new HmacKey("bench-1", new byte[32]))
                .withTrialKey("youth-coaching-2026", trialKey)
                .withTrialKey("older-long-term-unemployed-2026", trialKey);
        vault = JdbcIdentityVault.open("jdbc:h2:mem:trial-bench-vault;DB_CLOSE_DELAY=-1", null, null, keys);
        tutka = Tutka.builder()
                .discovery(false)
                .ruleSource(BundledRules.source())
                .keyProvider(keys)
                .allocationStore(ledger)
                .recordSink(records -> { })
                .identityVault(vault)
                .build();
        StringWriter out = new StringWriter(1 << 20);
        SampleGenerator.builder().area("179").halfYear(2026, 2).seed(42L).scale(0.2).build().write(out);
        List<ServiceDecision> parsed = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            try {
                parsed.add(TutkaJson.readDecision(line));
            } catch (TutkaException e) {
                // a deliberately bad line
            }
        }
        int inTrials = 0;
        for (ServiceDecision decision : parsed) {
            inTrials += tutka.evaluate(decision).trials().isEmpty() ? 0 : 1;
        }
        if (inTrials * 2 < parsed.size()) {
            throw new IllegalStateException("only " + inTrials + " of " + parsed.size() + " decisions fall in a "
                    + "trial: the benchmark would not measure the ledger");
        }
        decisions = parsed.toArray(ServiceDecision[]::new);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        tutka.close();
        ledger.close();
        vault.close();
    }

    /** A decision in a trial's area and dates, its client already randomised or found ineligible. */
    @Benchmark
    public void tutkaEvaluateInTrials(Blackhole blackhole) {
        ServiceDecision decision = decisions[next];
        next = next + 1 == decisions.length ? 0 : next + 1;
        blackhole.consume(tutka.evaluate(decision));
    }
}
