package fi.tutka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.Outcome;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TutkaException;
import fi.tutka.internal.RecordIds;
import fi.tutka.providers.DirectoryRuleSource;
import fi.tutka.providers.JdbcAllocationStore;
import fi.tutka.providers.StaticKeyProvider;
import fi.tutka.spi.Allocation;
import fi.tutka.spi.RecordSink;
import fi.tutka.spi.ServiceEvent;
import fi.tutka.spi.TutkaRecord;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Tutka#reload()}: changed rule files in use at once, under load, with nothing lost, doubled or leaked. */
public class RuleReloadTest {
    /** The rule "Waits for the test" counts {@code started} down and waits for {@code proceed}. */
    public static volatile CountDownLatch started = new CountDownLatch(1);
    public static volatile CountDownLatch proceed = new CountDownLatch(1);

    @TempDir
    Path dir;

    final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        proceed.countDown();
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    /** Rules beside the two of each generation, so that a ruleset weighs about what a real one does. */
    static final int MORE_RULES = 20;

    /**
     * Rules of one generation: every decision is tagged with it, and the VERSION file names it; {@link #MORE_RULES}
     * more rules tag ages.
     */
    static void writeGeneration(Path rules, int generation) throws Exception {
        Files.createDirectories(rules);
        Files.writeString(rules.resolve("VERSION"), "gen-" + generation, StandardCharsets.UTF_8);
        StringBuilder ages = new StringBuilder("package test.reload;\nimport fi.tutka.facts.Decision;\n"
                + "global fi.tutka.facts.Result result;\n");
        for (int i = 0; i < MORE_RULES; i++) {
            ages.append("rule \"Age over ").append(i).append("\"\nwhen\n    Decision( age > ").append(i)
                    .append(", unemploymentMonths != null, unemploymentMonths >= ").append(i % 13)
                    .append(" )\nthen\n    result.tag(\"age_over_").append(i).append("\", \"").append(generation)
                    .append("\");\nend\n");
        }
        Files.writeString(rules.resolve("ages.drl"), ages, StandardCharsets.UTF_8);
        Files.writeString(rules.resolve("tags.drl"), """
                package test.reload;
                import fi.tutka.facts.Decision;
                global fi.tutka.facts.Result result;

                rule "Generation"
                when
                    Decision()
                then
                    result.tag("generation", "%d");
                end

                rule "Waits for the test"
                when
                    Decision( serviceCode == "WAIT" )
                then
                    fi.tutka.RuleReloadTest.started.countDown();
                    fi.tutka.RuleReloadTest.proceed.await();
                end
                """.formatted(generation), StandardCharsets.UTF_8);
    }

    Tutka engine(Path rules, RecordSink sink) {
        return engine(rules, sink, Duration.ofMillis(200));
    }

    Tutka engine(Path rules, RecordSink sink, Duration budget) {
        Tutka tutka = Tutka.builder().discovery(false).rulesFolder(rules).ruleBudget(budget)
                .keyProvider(StaticKeyProvider.of(TutkaTest.KEY)).recordSink(sink).identityVault(new MemoryVault())
                .build();
        toClose.add(0, tutka);
        return tutka;
    }

    /** Decision {@code n} of thread {@code t}: its cost carries both, for the sink to tell whose record it got. */
    static ServiceDecision decision(int t, int n) {
        ServiceDecision valid = TestDecisions.valid("T" + t + "-" + n);
        return new ServiceDecision(valid.decisionId(), valid.area(), valid.clientId(), valid.eventType(),
                valid.serviceCode(), valid.decisionDate(), valid.startDate(), valid.endDate(),
                BigDecimal.valueOf(n).add(BigDecimal.valueOf(t, 2)), valid.funding(), valid.decisionTime(),
                valid.client());
    }

    @Test
    void reloading100TimesUnderLoadFromFourThreadsLosesNothingDoublesNothingAndLeaksNoMemory() throws Exception {
        int threads = 4;
        int capacity = 5_000_000;
        // Compact bookkeeping, allocated before the heap's baseline: one bit per decision and thread.
        BitSet[] recorded = new BitSet[threads];
        for (int t = 0; t < threads; t++) {
            recorded[t] = new BitSet(capacity);
        }
        AtomicLong doubled = new AtomicLong();
        AtomicLong wrongIds = new AtomicLong();
        Map<String, AtomicLong> recordVersions = new ConcurrentHashMap<>();
        RecordSink sink = records -> {
            for (TutkaRecord record : records) {
                ServiceEvent event = (ServiceEvent) record.data();
                int n = event.costEur().intValue();
                int t = event.costEur().remainder(BigDecimal.ONE).movePointRight(2).intValue();
                if (!record.id().equals(RecordIds.of("179", "T" + t + "-" + n, ServiceEvent.TYPE))) {
                    wrongIds.incrementAndGet();
                }
                synchronized (recorded[t]) {
                    if (recorded[t].get(n)) {
                        doubled.incrementAndGet();
                    }
                    recorded[t].set(n);
                }
                recordVersions.computeIfAbsent(event.rulesetVersion(), v -> new AtomicLong()).incrementAndGet();
            }
        };
        Path rules = dir.resolve("rules");
        writeGeneration(rules, 0);
        // The budget is not under test here: after each reload, the first firing of each of the 22 rules makes Drools
        // build its consequence's class, which four threads at once on a busy two-core machine can take past seconds.
        Tutka tutka = engine(rules, sink, Duration.ofSeconds(30));
        Map<String, String> generationOfVersion = new ConcurrentHashMap<>();
        generationOfVersion.put(tutka.rulesetVersion(), "0");

        AtomicBoolean stop = new AtomicBoolean();
        // Evaluations hold the read lock, so that the heap is measured between two evaluations, never during one.
        ReentrantReadWriteLock quiet = new ReentrantReadWriteLock();
        Map<String, AtomicLong> outcomeVersions = new ConcurrentHashMap<>();
        List<String> mismatches = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> evaluated = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            evaluated.add(pool.submit(() -> {
                int n = 0;
                while (!stop.get() && n < capacity) {
                    ServiceDecision decision = decision(thread, n);
                    Outcome outcome;
                    quiet.readLock().lock();
                    try {
                        outcome = tutka.evaluate(decision);
                    } finally {
                        quiet.readLock().unlock();
                    }
                    if (!outcome.recordIds().equals(List.of(RecordIds.of("179", decision.decisionId(),
                            ServiceEvent.TYPE)))) {
                        mismatches.add(decision.decisionId() + " has records " + outcome.recordIds());
                    }
                    // tags and version come from the same rules, those the evaluation started with
                    String generation = outcome.tags().get("generation");
                    String expected = generationOfVersion.get(outcome.rulesetVersion());
                    if (expected != null && !expected.equals(generation)) {
                        mismatches.add(decision.decisionId() + ": version " + outcome.rulesetVersion()
                                + " with generation " + generation);
                    }
                    outcomeVersions.computeIfAbsent(outcome.rulesetVersion() + "/" + generation,
                            v -> new AtomicLong()).incrementAndGet();
                    n++;
                }
                return n;
            }));
        }

        long baseline = 0;
        List<Tutka.Reloaded> reloads = new ArrayList<>();
        for (int generation = 1; generation <= 100; generation++) {
            writeGeneration(rules, generation);
            Tutka.Reloaded reloaded = tutka.reload();
            generationOfVersion.put(reloaded.version(), String.valueOf(generation));
            reloads.add(reloaded);
            if (generation == 5) {
                baseline = usedHeapWhileQuiet(quiet);
            }
        }
        long after = usedHeapWhileQuiet(quiet);
        stop.set(true);
        List<Integer> counts = new ArrayList<>();
        for (Future<Integer> future : evaluated) {
            counts.add(future.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        long total = counts.stream().mapToLong(Integer::longValue).sum();
        System.out.printf("[reload] 100 reloads under 4 threads: %d evaluations %s, used heap after 5 reloads %.1f MB, "
                + "after 100 %.1f MB (%+.1f MB); mean load time %d ms%n", total, counts, baseline / 1e6, after / 1e6,
                (after - baseline) / 1e6, reloads.stream().mapToLong(r -> r.loadTime().toMillis()).sum() / 100);

        assertThat(counts).allSatisfy(count -> assertThat(count).isPositive().isLessThan(capacity));
        assertThat(mismatches).isEmpty();
        assertThat(doubled.get()).isZero();
        assertThat(wrongIds.get()).isZero();
        for (int t = 0; t < threads; t++) {
            // every accepted evaluation wrote exactly one record: decisions 0 to count-1, no gap, nothing more
            assertThat(recorded[t].cardinality()).isEqualTo(counts.get(t));
            assertThat(recorded[t].nextClearBit(0)).isEqualTo(counts.get(t));
        }
        Set<String> loaded = generationOfVersion.keySet();
        assertThat(recordVersions.keySet()).isSubsetOf(loaded);
        assertThat(outcomeVersions.keySet()).allSatisfy(versionAndGeneration -> assertThat(versionAndGeneration)
                .isIn(loaded.stream().map(v -> v + "/" + generationOfVersion.get(v)).toList()));
        assertThat(outcomeVersions.size()).as("versions the evaluations saw").isGreaterThan(10);
        for (int i = 0; i < reloads.size(); i++) {
            assertThat(reloads.get(i).previousVersion()).isEqualTo(i == 0 ? generationVersion(generationOfVersion, 0)
                    : reloads.get(i - 1).version());
            assertThat(reloads.get(i).version()).startsWith("gen-" + (i + 1) + "+");
            assertThat(reloads.get(i).ruleCount()).isEqualTo(2 + MORE_RULES);
        }
        assertThat(tutka.rulesetVersion()).isEqualTo(reloads.get(99).version());
        assertThat(after - baseline).as("heap growth over 95 reloads, bytes").isLessThan(20_000_000L);
    }

    private static String generationVersion(Map<String, String> generationOfVersion, int generation) {
        return generationOfVersion.entrySet().stream().filter(e -> e.getValue().equals(String.valueOf(generation)))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    /** Used heap after full collections, with no evaluation in flight: the least of a few readings. */
    private static long usedHeapWhileQuiet(ReentrantReadWriteLock quiet) throws InterruptedException {
        quiet.writeLock().lock();
        try {
            long least = Long.MAX_VALUE;
            for (int i = 0; i < 4; i++) {
                System.gc();
                Thread.sleep(100);
                least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            }
            return least;
        } finally {
            quiet.writeLock().unlock();
        }
    }

    @Test
    void aBrokenRulesFolderFailsTheReloadWithFileLineAndColumnAndTheRulesInUseStay() throws Exception {
        Path rules = dir.resolve("rules");
        writeGeneration(rules, 1);
        List<TutkaRecord> written = new CopyOnWriteArrayList<>();
        Tutka tutka = engine(rules, written::addAll);
        String version = tutka.rulesetVersion();
        Files.writeString(rules.resolve("broken.drl"), "package test.reload;\nimport fi.tutka.facts.Decision;\n\n"
                + "rule \"Broken\"\nwhen\n    Decision( age > )\nthen\nend\n", StandardCharsets.UTF_8);

        TutkaException e = catchThrowableOfType(TutkaException.class, tutka::reload);

        assertThat(e.code()).isEqualTo(ErrorCode.RULES_COMPILE);
        assertThat(e.getMessage()).startsWith("RULES_COMPILE: 1 error(s) in rules from " + rules.toAbsolutePath()
                + ":\n").containsPattern("\nbroken\\.drl:6:\\d+: ");
        assertThat(tutka.rulesetVersion()).isEqualTo(version);
        Outcome outcome = tutka.evaluate(TestDecisions.valid("B-1"));
        assertThat(outcome.rulesetVersion()).isEqualTo(version);
        assertThat(outcome.tags()).containsEntry("generation", "1");
        assertThat(written).hasSize(1);

        Files.delete(rules.resolve("broken.drl"));
        writeGeneration(rules, 2);
        Tutka.Reloaded reloaded = tutka.reload();
        assertThat(reloaded.previousVersion()).isEqualTo(version);
        assertThat(tutka.evaluate(TestDecisions.valid("B-2")).tags()).containsEntry("generation", "2");
    }

    @Test
    void anEvaluationInFlightFinishesOnTheRulesItStartedWith() throws Exception {
        started = new CountDownLatch(1);
        proceed = new CountDownLatch(1);
        Path rules = dir.resolve("rules");
        writeGeneration(rules, 1);
        Tutka tutka = Tutka.builder().discovery(false).rulesFolder(rules).ruleBudget(Duration.ofSeconds(30))
                .keyProvider(StaticKeyProvider.of(TutkaTest.KEY)).recordSink(records -> { })
                .identityVault(new MemoryVault()).build();
        toClose.add(0, tutka);
        String first = tutka.rulesetVersion();
        ServiceDecision valid = TestDecisions.valid("I-1");
        ServiceDecision waits = new ServiceDecision("I-1", "179", valid.clientId(), valid.eventType(), "WAIT",
                valid.decisionDate(), null, null, null, null, valid.decisionTime(), valid.client());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Outcome> inFlight = pool.submit(() -> tutka.evaluate(waits));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            writeGeneration(rules, 2);
            Tutka.Reloaded reloaded = tutka.reload();
            Outcome during = tutka.evaluate(TestDecisions.valid("I-2"));
            proceed.countDown();
            Outcome finished = inFlight.get(10, TimeUnit.SECONDS);

            assertThat(reloaded.previousVersion()).isEqualTo(first);
            assertThat(finished.rulesetVersion()).isEqualTo(first);
            assertThat(finished.tags()).containsEntry("generation", "1");
            assertThat(during.rulesetVersion()).isEqualTo(reloaded.version()).isNotEqualTo(first);
            assertThat(during.tags()).containsEntry("generation", "2");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReloadThatChangesATrialLeavesEveryAllocationAndGivesNewOnesTheNewVersion() throws Exception {
        Path rules = dir.resolve("rules");
        Files.createDirectories(rules.resolve("trials"));
        Files.writeString(rules.resolve("test.drl"), TutkaTest.RULES, StandardCharsets.UTF_8);
        Files.writeString(rules.resolve("trials/subsidy-trial.trial.json"), TrialsTest.DEFINITION,
                StandardCharsets.UTF_8);
        Files.writeString(rules.resolve("trials/subsidy-trial.drl"), TrialsTest.ELIGIBILITY, StandardCharsets.UTF_8);
        JdbcAllocationStore ledger = JdbcAllocationStore.open("jdbc:h2:mem:reload-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1", null, null);
        toClose.add(ledger);
        Tutka tutka = Tutka.builder().discovery(false).rulesFolder(rules)
                .keyProvider(StaticKeyProvider.of(TutkaTest.KEY).withTrialKey("subsidy-trial", TrialsTest.TRIAL_KEY))
                .allocationStore(ledger).recordSink(records -> { }).identityVault(new MemoryVault())
                .clock(TrialsTest.CLOCK).build();
        toClose.add(0, tutka);
        Map<String, Allocation> original = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            String subject = tutka.evaluate(TrialsTest.decision("V-" + i, TrialsTest.client(900 + i))).subject();
            original.put(subject, ledger.allocations(subject).get(0));
        }

        Files.writeString(rules.resolve("trials/subsidy-trial.trial.json"), TrialsTest.DEFINITION
                .replace("\"version\": \"1\"", "\"version\": \"2\"")
                .replace("\"weight\": 5000, \"forbids\"", "\"weight\": 1000, \"forbids\"")
                .replace("\"weight\": 5000, \"requires\"", "\"weight\": 9000, \"requires\""), StandardCharsets.UTF_8);
        tutka.reload();

        assertThat(tutka.trials()).extracting(t -> t.definition().version()).containsExactly("2");
        for (int i = 0; i < 20; i++) {
            Outcome outcome = tutka.evaluate(TrialsTest.decision("W-" + i, TrialsTest.client(900 + i)));
            assertThat(outcome.trials().get(0).allocatedNow()).isFalse();
            assertThat(outcome.trials().get(0).arm()).isEqualTo(original.get(outcome.subject()).arm());
            assertThat(ledger.allocations(outcome.subject())).containsExactly(original.get(outcome.subject()));
        }
        Outcome newcomer = tutka.evaluate(TrialsTest.decision("W-new", TrialsTest.client(950)));
        assertThat(newcomer.trials().get(0).allocatedNow()).isTrue();
        assertThat(ledger.allocations(newcomer.subject()).get(0).trialVersion()).isEqualTo("2");
        assertThat(ledger.verify().intact()).isTrue();
    }

    @Test
    void aReloadThatBringsTrialsToAnEngineWithoutALedgerNeedsOneAndTheRulesInUseStay() throws Exception {
        Path rules = dir.resolve("rules");
        writeGeneration(rules, 1);
        Tutka tutka = engine(rules, records -> { });
        String version = tutka.rulesetVersion();
        Files.createDirectories(rules.resolve("trials"));
        Files.writeString(rules.resolve("trials/subsidy-trial.trial.json"), TrialsTest.DEFINITION,
                StandardCharsets.UTF_8);
        Files.writeString(rules.resolve("trials/subsidy-trial.drl"), TrialsTest.ELIGIBILITY, StandardCharsets.UTF_8);

        TutkaException e = catchThrowableOfType(TutkaException.class, tutka::reload);

        assertThat(e).hasMessage("PROVIDER_MISSING: discovery is off and no AllocationStore was given: pass one with "
                + "Tutka.builder().allocationStore(...)");
        assertThat(tutka.rulesetVersion()).isEqualTo(version);
        assertThat(tutka.trials()).isEmpty();
    }
}
