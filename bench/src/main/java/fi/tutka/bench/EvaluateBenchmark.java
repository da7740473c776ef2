package fi.tutka.bench;

import fi.tutka.Tutka;
import fi.tutka.api.ClientSnapshot;
import fi.tutka.api.Outcome;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TutkaException;
import fi.tutka.codec.TutkaJson;
import fi.tutka.facts.Decision;
import fi.tutka.facts.Result;
import fi.tutka.internal.Evaluator;
import fi.tutka.internal.IdentityCode;
import fi.tutka.internal.Periods;
import fi.tutka.internal.RuleCompiler;
import fi.tutka.providers.JdbcAllocationStore;
import fi.tutka.providers.JdbcIdentityVault;
import fi.tutka.providers.StaticKeyProvider;
import fi.tutka.rules.BundledRules;
import fi.tutka.sample.SampleGenerator;
import fi.tutka.spi.HmacKey;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.kie.api.KieBase;
import org.kie.api.command.Command;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.runtime.StatelessKieSession;
import org.kie.internal.command.CommandFactory;
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
 * {@link Tutka#evaluate} (validation, pseudonymisation, rules, record built; the sink is a no-op) beside a bare
 * Drools session firing the same compiled bundled rules on the same facts, one thread.
 *
 * <ul>
 *   <li>{@link #tutkaEvaluate}: the engine, from a parsed {@link ServiceDecision} to an {@link Outcome};</li>
 *   <li>{@link #bareStatelessSession}: a {@link StatelessKieSession} executing a batch (set global, insert) on a
 *       {@link Decision} fact built in setup, the reference "bare Drools" figure;</li>
 *   <li>{@link #bareReusedSession}: what the engine does inside, without anything around it: one reused session,
 *       set global, insert, fire, delete the facts and propagate the deletions.</li>
 * </ul>
 *
 * <p>Decisions: the sample generator's half-year for area 179 (2026 H1, seed 42, scale 0.2), every line the engine
 * accepts, cycled in file order. Setup checks that the bare sessions reach the same tags as the engine for every one.
 *
 * <p>Run {@code java -jar bench/target/benchmarks.jar EvaluateBenchmark -bm avgt -tu us} for µs/op and
 * {@code ... -bm thrpt -tu s} for ops/s; see BENCHMARKS.md.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// The stateless session warms up slowest (about 6 s on a quiet 2-core machine, 15-20 s on a busy one); 8 x 3 s
// covers it. The pooled ones settle after about 6-8 s.
@Warmup(iterations = 8, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class EvaluateBenchmark {
    private static final String AREA = "179";


    private ServiceDecision[] decisions;
    private Decision[] facts;
    private int next;

    private Tutka tutka;
    private JdbcAllocationStore ledger;
    private JdbcIdentityVault vault;
    private StatelessKieSession stateless;
    private KieSession reused;

    @Setup(Level.Trial)
    public void setUp() {
        List<ServiceDecision> parsed = sampleDecisions();

        // The bundled trials recruit from September 2026: these 2026H1 decisions are outside every trial, and the
        // ledger is never reached (it is here because rules with trials need one).
        ledger = JdbcAllocationStore.open("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1", null, null);
        StaticKeyProvider keys = StaticKeyProvider.of(new HmacKey("bench-1", new byte[32]));
        // The vault is met once a client: every later decision of the client finds it in the vault's memory.
        vault = JdbcIdentityVault.open("jdbc:h2:mem:bench-vault;DB_CLOSE_DELAY=-1", null, null, keys);
        tutka = Tutka.builder()
                .discovery(false)
                .ruleSource(BundledRules.source())
                .keyProvider(keys)
                .allocationStore(ledger)
                .recordSink(records -> { })
                .identityVault(vault)
                .build();
        KieBase kieBase = RuleCompiler.compile(List.of(BundledRules.source())).kieBase();
        stateless = kieBase.newStatelessKieSession();
        reused = kieBase.newKieSession();

        List<ServiceDecision> accepted = new ArrayList<>(parsed.size());
        List<Decision> built = new ArrayList<>(parsed.size());
        int rejected = 0;
        for (ServiceDecision decision : parsed) {
            Outcome outcome;
            try {
                outcome = tutka.evaluate(decision);
            } catch (TutkaException e) {
                rejected++;
                continue;
            }
            Decision fact = fact(decision);
            Result viaStateless = runStateless(fact);
            Result pooled = runReused(fact);
            if (!outcome.tags().equals(viaStateless.getTags()) || !outcome.tags().equals(pooled.getTags())
                    || !outcome.qualityFlags().equals(List.copyOf(pooled.getQualityFlags()))) {
                throw new IllegalStateException("the bare sessions disagree with the engine on decision "
                        + decision.decisionId() + ": engine " + outcome.tags() + ", stateless " + viaStateless.getTags()
                        + ", reused " + pooled.getTags());
            }
            accepted.add(decision);
            built.add(fact);
        }
        if (accepted.size() < 1000) {
            throw new IllegalStateException("too few decisions for a benchmark: " + accepted.size());
        }
        decisions = accepted.toArray(new ServiceDecision[0]);
        facts = built.toArray(new Decision[0]);
        System.out.printf(Locale.ROOT, "%n[setup] %d decisions (%d parsed, %d rejected by evaluate), %d rules, "
                + "ruleset %s%n", decisions.length, parsed.size(), rejected, tutka.ruleCount(), tutka.rulesetVersion());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        tutka.close();
        ledger.close();
        vault.close();
        reused.dispose();
    }

    /** Validation, pseudonymisation, fact, rules (reused session with listener), record and outcome; no sink I/O. */
    @Benchmark
    public void tutkaEvaluate(Blackhole blackhole) {
        blackhole.consume(tutka.evaluate(decisions[advance()]));
    }

    /** The same rules on the same (pre-built) fact in a stateless session: one batch of set global and insert. */
    @Benchmark
    public void bareStatelessSession(Blackhole blackhole) {
        blackhole.consume(runStateless(facts[advance()]));
    }

    /**
     * The engine's way of firing, bare: one reused session (set global, insert, fire, then delete the facts and
     * propagate the deletions), without the fired-rules listener, validation, pseudonym or record.
     */
    @Benchmark
    public void bareReusedSession(Blackhole blackhole) {
        blackhole.consume(runReused(facts[advance()]));
    }

    private int advance() {
        int i = next;
        next = i + 1 == decisions.length ? 0 : i + 1;
        return i;
    }

    private Result runStateless(Decision fact) {
        Result result = new Result();
        List<Command<?>> commands = List.of(
                CommandFactory.newSetGlobal(Evaluator.RESULT_GLOBAL, result),
                CommandFactory.newInsert(fact));
        stateless.execute(CommandFactory.newBatchExecution(commands));
        return result;
    }

    private Result runReused(Decision fact) {
        Result result = new Result();
        reused.setGlobal(Evaluator.RESULT_GLOBAL, result);
        reused.insert(fact);
        reused.fireAllRules();
        for (FactHandle handle : reused.getFactHandles()) {
            reused.delete(handle);
        }
        reused.fireAllRules(match -> false);
        reused.getAgenda().clear();
        return result;
    }

    /** The fact exactly as {@code Evaluator.evaluate} builds it. */
    private static Decision fact(ServiceDecision decision) {
        IdentityCode.Parsed id = IdentityCode.parse(decision.clientId().toUpperCase(Locale.ROOT));
        LocalDate localDate = Periods.helsinkiDate(decision.decisionTime());
        ClientSnapshot client = decision.client();
        return new Decision(decision.area(), decision.eventType().wireName(), decision.serviceCode(),
                localDate, decision.decisionDate(), decision.startDate(), decision.endDate(), decision.cost(),
                decision.funding() == null ? null : decision.funding().wireName(), client.municipality(),
                client.jobseekerStatus(), id.birthDate(), client.unemploymentStart(), client.graduationDate(),
                client.educationLevel(), client.languageGroup(), client.benefitType(), id.temporary());
    }

    private static List<ServiceDecision> sampleDecisions() {
        StringWriter out = new StringWriter(1 << 20);
        SampleGenerator.builder().area(AREA).halfYear(2026, 1).seed(42L).scale(0.2).build().write(out);
        List<ServiceDecision> decisions = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                decisions.add(TutkaJson.readDecision(line));
            } catch (TutkaException e) {
                // a deliberately bad line: the generator writes about 0.7 % of them
            }
        }
        return decisions;
    }
}
