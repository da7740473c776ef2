package fi.tutka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fi.tutka.api.DecisionResult;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.Outcome;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TutkaException;
import fi.tutka.api.Verdict;
import fi.tutka.api.Warning;
import fi.tutka.codec.TutkaJson;
import fi.tutka.internal.RecordIds;
import fi.tutka.internal.RuleLimits;
import fi.tutka.providers.DirectoryRuleSource;
import fi.tutka.providers.StaticKeyProvider;
import fi.tutka.spi.RuleSource;
import fi.tutka.spi.ServiceEvent;
import fi.tutka.spi.Settings;
import fi.tutka.spi.TutkaRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules that loop, fire without bound, sleep, spin or hang never keep the caller past the budget: real Drools rules,
 * fail-closed and fail-open, while other threads evaluate ordinary decisions.
 */
public class RuleSafetyTest {
    /** A rule that takes it hangs, uninterruptibly, until the test lets it go. */
    public static final ReentrantLock GATE = new ReentrantLock();

    static final String SAFETY = """
            package test.safety;
            import fi.tutka.facts.Decision;
            global fi.tutka.facts.Result result;

            declare Counter
                n : int
            end

            declare Step
                n : int
            end

            rule "Ordinary"
            when
                Decision( serviceCode == "PT50" )
            then
                result.tag("ordinary", "true");
            end

            rule "Start counting"
            when
                Decision( serviceCode == "LOOP" )
                not Counter()
            then
                result.tag("counting", "started");
                insert(new Counter(0));
            end

            rule "Count again"
            when
                Decision( serviceCode == "LOOP" )
                $c : Counter( n >= 0 )
            then
                modify($c) { setN($c.getN() + 1) }
            end

            rule "First step"
            when
                Decision( serviceCode == "CHAIN" )
            then
                insert(new Step(0));
            end

            rule "Next step"
            when
                Step( $n : n )
            then
                insert(new Step($n + 1));
            end

            rule "Sleeps"
            when
                Decision( serviceCode == "SLEEP" )
            then
                result.tag("slept", "not yet");
                Thread.sleep(30000);
            end

            rule "Spins"
            when
                Decision( serviceCode == "SPIN" )
            then
                fi.tutka.RuleSafetyTest.spin(1500);
            end

            rule "Waits at the gate"
            when
                Decision( serviceCode == "GATE" )
            then
                fi.tutka.RuleSafetyTest.GATE.lock();
                fi.tutka.RuleSafetyTest.GATE.unlock();
            end
            """;

    static final String FIRING_LIMIT = "the rules were stopped at the firing limit of 10000 (setting "
            + "'tutka.rules.max-firings'): rule 'Count again' (safety.drl) fired 9999 times on this decision";
    static final String LOOP_HINT = "; the decision was not evaluated and nothing was written: a rule that fires "
            + "again and again re-activates itself: give it 'no-loop true' or a condition that its own consequence "
            + "makes false, then reload the rules";
    static final String BUDGET_HINT = "; the decision was not evaluated and nothing was written: make the rule's "
            + "work shorter (or raise 'tutka.rules.budget'), then reload the rules";

    /** Budget 200 ms (set by every engine here), grace 50 ms: a second more is the generous margin callers get. */
    static final long BACK_WITHIN_MILLIS = 200 + 1000;

    final List<TutkaRecord> written = new CopyOnWriteArrayList<>();
    final MemoryVault vault = new MemoryVault();
    final List<Tutka> engines = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void letEverythingGo() {
        while (GATE.isHeldByCurrentThread()) {
            GATE.unlock();
        }
        engines.forEach(Tutka::close);
    }

    /** Called by the rule "Spins": busy, deaf to interrupts. */
    public static void spin(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long spins = 0;
        while (System.nanoTime() < end) {
            spins++;
        }
        if (spins < 0) {
            throw new AssertionError("unreachable");
        }
    }

    /** An engine with a budget of 200 ms unless the settings give one. */
    Tutka engine(RuleSource rules, Map<String, String> settings) {
        Map<String, String> withBudget = new HashMap<>(settings);
        withBudget.putIfAbsent(RuleLimits.BUDGET, "200ms");
        Tutka tutka = Tutka.builder().discovery(false).settings(Settings.of(withBudget)).ruleSource(rules)
                .keyProvider(StaticKeyProvider.of(TutkaTest.KEY)).recordSink(written::addAll).identityVault(vault)
                .build();
        engines.add(tutka);
        return tutka;
    }

    Tutka engine(Map<String, String> settings) {
        return engine(TutkaTest.rules("safety.drl", SAFETY), settings);
    }

    static ServiceDecision withCode(String id, String serviceCode) {
        ServiceDecision valid = TestDecisions.valid(id);
        return new ServiceDecision(id, valid.area(), valid.clientId(), valid.eventType(), serviceCode,
                valid.decisionDate(), valid.startDate(), valid.endDate(), valid.cost(), valid.funding(),
                valid.decisionTime(), valid.client());
    }

    static String serviceEventId(String decisionId) {
        return RecordIds.of("179", decisionId, ServiceEvent.TYPE);
    }

    /** Runs {@code evaluate} and says how long it kept the caller. */
    static long millis(Runnable evaluate) {
        long start = System.nanoTime();
        evaluate.run();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    static TutkaException failure(Tutka tutka, ServiceDecision decision, long[] elapsed) {
        long start = System.nanoTime();
        TutkaException e = catchThrowableOfType(TutkaException.class, () -> tutka.evaluate(decision));
        elapsed[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return e;
    }

    @Test
    void aRuleThatReActivatesItselfFailsClosedAtTheFiringLimitNamingRuleFileAndLimitAndWritesNothing() {
        // a budget that a cold JVM on a busy machine cannot reach in 10,000 firings: the firing limit stops them
        Tutka tutka = engine(Map.of("tutka.rules.budget", "10s"));
        long[] elapsed = new long[1];

        TutkaException e = failure(tutka, withCode("L-1", "LOOP"), elapsed);

        assertThat(e.code()).isEqualTo(ErrorCode.RULE_EVALUATION);
        assertThat(e).hasMessage("RULE_EVALUATION: " + FIRING_LIMIT + LOOP_HINT);
        assertThat(elapsed[0]).isLessThan(10_000 + 1000);
        assertThat(written).isEmpty();
        assertThat(vault.codes).isEmpty();
        assertThat(tutka.evaluate(TestDecisions.valid("L-2")).tags()).containsEntry("ordinary", "true");
    }

    @Test
    void aBatchStopsAtADecisionWhoseRulesFailUnlessAskedToGoOnPastItThenTheOthersAreWritten() {
        Tutka tutka = engine(Map.of("tutka.rules.budget", "10s"));
        List<ServiceDecision> batch = List.of(TestDecisions.valid("B-1"), withCode("B-2", "LOOP"),
                TestDecisions.valid("B-3"));

        assertThatThrownBy(() -> tutka.evaluateAll(batch)).isInstanceOfSatisfying(TutkaException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RULE_EVALUATION));
        assertThat(written).isEmpty();

        Map<Integer, String> failed = new HashMap<>();
        List<DecisionResult> results = tutka.evaluateAll(batch, (index, e) -> failed.put(index, e.getMessage()));

        assertThat(failed).containsExactly(Map.entry(1, "RULE_EVALUATION: " + FIRING_LIMIT + LOOP_HINT));
        assertThat(results).hasSize(3);
        assertThat(results.get(1)).isNull();
        assertThat(results.get(0).outcome().decisionId()).isEqualTo("B-1");
        assertThat(results.get(2).outcome().decisionId()).isEqualTo("B-3");
        assertThat(written).extracting(TutkaRecord::id).containsExactly(serviceEventId("B-1"),
                serviceEventId("B-3"));
    }

    @Test
    void failOpenTheSameDecisionIsAcceptedWithAWarningAndItsRecordCarriesTheFlag() throws Exception {
        Tutka tutka = engine(Map.of("tutka.rules.on-limit", "fail-open", "tutka.rules.budget", "10s"));

        Outcome outcome = tutka.evaluate(withCode("L-3", "LOOP"));

        assertThat(outcome.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(outcome.warnings()).containsExactly(new Warning("rules_stopped", "", FIRING_LIMIT
                + "; the decision's tags and flags may be incomplete"));
        assertThat(outcome.qualityFlags()).containsExactly("rules_incomplete");
        assertThat(outcome.tags()).containsExactly(Map.entry("counting", "started"));
        assertThat(written).hasSize(1);
        assertThat(outcome.recordIds()).containsExactly(written.get(0).id());
        String json = TutkaJson.write(written.get(0));
        assertThat(json).contains("\"quality_flags\":[\"rules_incomplete\"]");
        assertThat(SchemaTest.validate(SchemaTest.schema("service-event.schema.json"), json)).isEmpty();
        assertThat(vault.codes).hasSize(1);
    }

    @Test
    void aChainOfNewActivationsIsStoppedAtTheLimitTheSettingsGive() {
        Tutka tutka = engine(Map.of("tutka.rules.max-firings", "50"));
        long[] elapsed = new long[1];

        TutkaException e = failure(tutka, withCode("C-1", "CHAIN"), elapsed);

        assertThat(e).hasMessage("RULE_EVALUATION: the rules were stopped at the firing limit of 50 (setting "
                + "'tutka.rules.max-firings'): rule 'Next step' (safety.drl) fired 49 times on this decision"
                + LOOP_HINT);
        assertThat(elapsed[0]).isLessThan(BACK_WITHIN_MILLIS);
        assertThat(written).isEmpty();
    }

    @Test
    void aLoopUnderAHighFiringLimitIsHaltedAtTheTimeBudgetAndItsThreadComesBack() {
        Tutka tutka = engine(Map.of("tutka.rules.max-firings", String.valueOf(Integer.MAX_VALUE)));
        long[] elapsed = new long[1];

        TutkaException e = failure(tutka, withCode("B-1", "LOOP"), elapsed);

        assertThat(e).hasMessage("RULE_EVALUATION: the rules were stopped at the time budget of 200 ms (setting "
                + "'tutka.rules.budget'): rule 'Count again' (safety.drl) was firing" + BUDGET_HINT);
        assertThat(elapsed[0]).isGreaterThanOrEqualTo(200).isLessThan(BACK_WITHIN_MILLIS);
        assertThat(written).isEmpty();
        // halted between two firings: the rule thread stops looping and waits for work again
        awaitRuleThreadsIdle();
    }

    @Test
    void aSleepingConsequenceIsInterruptedAtTheBudgetWhileThreeOtherThreadsEvaluateUndisturbed() throws Exception {
        Tutka tutka = engine(Map.of());

        long[] elapsed = new long[1];
        TutkaException e = whileOthersEvaluate(tutka, () -> failure(tutka, withCode("S-1", "SLEEP"), elapsed));

        assertThat(e).hasMessage("RULE_EVALUATION: the rules were stopped at the time budget of 200 ms (setting "
                + "'tutka.rules.budget'): rule 'Sleeps' (safety.drl) was firing" + BUDGET_HINT);
        assertThat(elapsed[0]).isGreaterThanOrEqualTo(200).isLessThan(BACK_WITHIN_MILLIS);
        assertThat(written).extracting(TutkaRecord::id).doesNotContain(serviceEventId("S-1"));
        awaitRuleThreadsIdle();
    }

    @Test
    void failOpenASleepingConsequenceGivesWhatTheRulesConcludedBeforeTheBudget() {
        Tutka tutka = engine(Map.of("tutka.rules.on-limit", "fail-open", "tutka.rules.budget", "300ms"));

        Outcome[] outcome = new Outcome[1];
        long elapsed = millis(() -> outcome[0] = tutka.evaluate(withCode("S-2", "SLEEP")));

        assertThat(elapsed).isGreaterThanOrEqualTo(300).isLessThan(300 + 1000);
        assertThat(outcome[0].warnings()).containsExactly(new Warning("rules_stopped", "", "the rules were stopped "
                + "at the time budget of 300 ms (setting 'tutka.rules.budget'): rule 'Sleeps' (safety.drl) was "
                + "firing; the decision's tags and flags may be incomplete"));
        assertThat(outcome[0].tags()).containsExactly(Map.entry("slept", "not yet"));
        assertThat(outcome[0].qualityFlags()).containsExactly("rules_incomplete");
        assertThat(written).hasSize(1);
    }

    @Test
    void aSpinningConsequenceIsLeftToItsThreadAndTheCallerIsBackWithinTheBudget() throws Exception {
        Tutka tutka = engine(Map.of());

        long[] elapsed = new long[1];
        TutkaException e = whileOthersEvaluate(tutka, () -> failure(tutka, withCode("P-1", "SPIN"), elapsed));

        assertThat(e).hasMessage("RULE_EVALUATION: the rules were stopped at the time budget of 200 ms (setting "
                + "'tutka.rules.budget'): rule 'Spins' (safety.drl) was firing" + BUDGET_HINT);
        assertThat(elapsed[0]).isGreaterThanOrEqualTo(200).isLessThan(BACK_WITHIN_MILLIS);
        assertThat(written).extracting(TutkaRecord::id).doesNotContain(serviceEventId("P-1"));
        // the spin ends after 1.5 s; its thread comes back and its session is disposed
        awaitRuleThreadsIdle();
        assertThat(tutka.evaluate(TestDecisions.valid("P-2")).tags()).containsEntry("ordinary", "true");
    }

    @Test
    void failOpenAStuckConsequenceGivesARecordWithoutTheRulesConclusions() {
        GATE.lock();
        Tutka tutka = engine(Map.of("tutka.rules.on-limit", "fail-open"));

        Outcome[] outcome = new Outcome[1];
        long elapsed = millis(() -> outcome[0] = tutka.evaluate(withCode("G-1", "GATE")));

        assertThat(elapsed).isLessThan(BACK_WITHIN_MILLIS);
        assertThat(outcome[0].warnings()).containsExactly(new Warning("rules_stopped", "", "the rules were stopped "
                + "at the time budget of 200 ms (setting 'tutka.rules.budget'): rule 'Waits at the gate' (safety.drl) "
                + "was firing; the decision's tags and flags may be incomplete"));
        assertThat(outcome[0].tags()).isEmpty();
        assertThat(outcome[0].firedRules()).isEmpty();
        assertThat(outcome[0].qualityFlags()).containsExactly("rules_incomplete");
        assertThat(written).hasSize(1);
    }

    @Test
    void afterFourThreadsAreStuckTheRulesTakeNoMoreDecisionsAndThoseThatComeBackNoLongerCount() {
        GATE.lock();
        Tutka tutka = engine(Map.of());
        for (int i = 0; i < 4; i++) {
            long[] elapsed = new long[1];
            assertThat(failure(tutka, withCode("H-0", "GATE"), elapsed)).hasMessage("RULE_EVALUATION: the rules "
                    + "were stopped at the time budget of 200 ms (setting 'tutka.rules.budget'): rule 'Waits at the "
                    + "gate' (safety.drl) was firing" + BUDGET_HINT);
            assertThat(elapsed[0]).isLessThan(BACK_WITHIN_MILLIS);
        }
        long[] elapsed = new long[1];
        TutkaException refused = failure(tutka, TestDecisions.valid("H-1"), elapsed);

        assertThat(refused).hasMessage("RULE_EVALUATION: 4 evaluations are stuck in rule 'Waits at the gate' "
                + "(safety.drl), still running past the time budget of 200 ms (setting 'tutka.rules.budget'): these "
                + "rules take no more decisions; fix the rule and reload the rules");
        assertThat(elapsed[0]).isLessThan(BACK_WITHIN_MILLIS);
        assertThat(written).isEmpty();

        GATE.unlock();
        awaitRuleThreadsIdle();

        assertThat(tutka.evaluate(TestDecisions.valid("H-2")).tags()).containsEntry("ordinary", "true");
    }

    @Test
    void rulesThatTakeNoMoreDecisionsTakeThemAgainOnceFixedAndReloaded() throws Exception {
        GATE.lock();
        Path rules = dir.resolve("rules");
        Files.createDirectories(rules);
        Files.writeString(rules.resolve("safety.drl"), SAFETY, StandardCharsets.UTF_8);
        Tutka tutka = engine(new DirectoryRuleSource(rules), Map.of());
        for (int i = 0; i < 4; i++) {
            ServiceDecision stuck = withCode("R-" + i, "GATE");
            assertThat(catchThrowableOfType(TutkaException.class, () -> tutka.evaluate(stuck)))
                    .hasMessageContaining("rule 'Waits at the gate' (safety.drl) was firing");
        }
        String stuckVersion = tutka.rulesetVersion();
        assertThatThrownBy(() -> tutka.evaluate(TestDecisions.valid("R-4")))
                .hasMessageStartingWith("RULE_EVALUATION: 4 evaluations are stuck in rule 'Waits at the gate'");

        Files.writeString(rules.resolve("safety.drl"), SAFETY.replace("fi.tutka.RuleSafetyTest.GATE.lock();\n", "")
                .replace("fi.tutka.RuleSafetyTest.GATE.unlock();\n", ""), StandardCharsets.UTF_8);
        Tutka.Reloaded reloaded = tutka.reload();

        assertThat(reloaded.previousVersion()).isEqualTo(stuckVersion);
        assertThat(reloaded.version()).isNotEqualTo(stuckVersion).isEqualTo(tutka.rulesetVersion());
        assertThat(tutka.evaluate(TestDecisions.valid("R-5")).tags()).containsEntry("ordinary", "true");
        assertThat(tutka.evaluate(withCode("R-6", "GATE")).rulesetVersion()).isEqualTo(reloaded.version());
        // the four threads are still stuck in the old rules, which no evaluation uses any more
        GATE.unlock();
        awaitRuleThreadsIdle();
    }

    @Test
    void aFailingConsequenceNamesItsRuleAndFile() {
        Tutka tutka = engine(TutkaTest.rules("tags.drl", """
                package test.failing;
                import fi.tutka.facts.Decision;
                global fi.tutka.facts.Result result;
                rule "Reads a missing tag"
                when
                    Decision()
                then
                    result.tag("length", result.getTags().get("missing").length());
                end
                """), Map.of());

        assertThatThrownBy(() -> tutka.evaluate(TestDecisions.valid("F-1")))
                .isInstanceOfSatisfying(TutkaException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.RULE_EVALUATION))
                .hasMessageStartingWith("RULE_EVALUATION: rule 'Reads a missing tag' (tags.drl) failed: "
                        + "NullPointerException: ");
        assertThat(written).isEmpty();
    }

    @Test
    void aBadLimitSettingNamesSettingValueAndWhatIsAccepted() {
        assertThat(failure(() -> engine(Map.of("tutka.rules.max-firings", "bad")))).hasMessage("CONFIGURATION: "
                + "setting 'tutka.rules.max-firings' is 'bad': give a whole number of firings from 1 to 2147483647, "
                + "such as 10000");
        assertThat(failure(() -> engine(Map.of("tutka.rules.max-firings", "0")))).hasMessage("CONFIGURATION: "
                + "setting 'tutka.rules.max-firings' is '0': give a whole number of firings from 1 to 2147483647, "
                + "such as 10000");
        for (String bad : List.of("200", "0ms", "2h", "soon", "PT-1S", "PT2H")) {
            assertThat(failure(() -> engine(Map.of("tutka.rules.budget", bad)))).hasMessage("CONFIGURATION: "
                    + "setting 'tutka.rules.budget' is '" + bad + "': give a duration from 1 ms to 1 hour, such as "
                    + "200ms, 2s or PT0.5S");
        }
        assertThat(failure(() -> engine(Map.of("tutka.rules.on-limit", "open")))).hasMessage("CONFIGURATION: "
                + "setting 'tutka.rules.on-limit' is 'open': give fail-closed (the evaluation fails with "
                + "RULE_EVALUATION and writes nothing) or fail-open (the decision is accepted, its record flagged "
                + "rules_incomplete)");
        assertThatThrownBy(() -> Tutka.builder().ruleBudget(Duration.ZERO)).hasMessage("CONFIGURATION: "
                + "ruleBudget(PT0S): give a duration from 1 ms to 1 hour, such as 200ms, 2s or PT0.5S");
        assertThatThrownBy(() -> Tutka.builder().maxRuleFirings(-1)).hasMessage("CONFIGURATION: "
                + "maxRuleFirings(-1): give a whole number of firings from 1 to 2147483647, such as 10000");
    }

    @Test
    void theBuilderOverridesTheSettings() {
        Tutka tutka = Tutka.builder().discovery(false).settings(Settings.of(Map.of("tutka.rules.max-firings",
                "5000", "tutka.rules.on-limit", "fail-closed", "tutka.rules.budget", "1ms")))
                .ruleSource(TutkaTest.rules("safety.drl", SAFETY)).keyProvider(StaticKeyProvider.of(TutkaTest.KEY))
                .recordSink(written::addAll).identityVault(vault)
                .maxRuleFirings(20).failOpenOnRuleLimit(true).ruleBudget(Duration.ofSeconds(5)).build();
        engines.add(tutka);

        assertThat(tutka.evaluate(withCode("K-1", "CHAIN")).warnings()).extracting(Warning::message)
                .containsExactly("the rules were stopped at the firing limit of 20 (setting "
                        + "'tutka.rules.max-firings'): rule 'Next step' (safety.drl) fired 19 times on this decision; "
                        + "the decision's tags and flags may be incomplete");
        assertThat(written).hasSize(1);
    }

    private static TutkaException failure(Supplier<Tutka> build) {
        return catchThrowableOfType(TutkaException.class, build::get);
    }

    /**
     * Runs {@code slow} on this thread while three others evaluate ordinary decisions without pause; every one of
     * theirs must succeed, and each must have evaluated some while {@code slow} ran.
     */
    private <T> T whileOthersEvaluate(Tutka tutka, Supplier<T> slow) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> others = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int thread = t;
                others.add(pool.submit(() -> {
                    int done = 0;
                    while (!stop.get()) {
                        Outcome outcome = tutka.evaluate(TestDecisions.valid("O-" + thread + "-" + done));
                        assertThat(outcome.tags()).containsEntry("ordinary", "true");
                        done++;
                    }
                    return done;
                }));
            }
            Thread.sleep(50);
            T result = slow.get();
            stop.set(true);
            for (Future<Integer> other : others) {
                assertThat(other.get(10, TimeUnit.SECONDS)).isPositive();
            }
            return result;
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }

    /** Waits until every rule thread waits for work again: none is left looping, spinning or stuck. */
    static void awaitRuleThreadsIdle() {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> busy = List.of();
        while (System.nanoTime() < end) {
            busy = new ArrayList<>();
            for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
                if (thread.getKey().getName().startsWith("tutka-rules-") && Arrays.stream(thread.getValue())
                        .limit(4).noneMatch(frame -> frame.getClassName().endsWith("RuleThreads$Worker"))) {
                    busy.add(thread.getKey().getName());
                }
            }
            if (busy.isEmpty()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("rule threads still busy: " + busy);
    }
}
