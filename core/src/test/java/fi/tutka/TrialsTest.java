package fi.tutka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import fi.tutka.api.ClientSnapshot;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.EventType;
import fi.tutka.api.Outcome;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TrialVerdict;
import fi.tutka.api.TutkaException;
import fi.tutka.api.Verdict;
import fi.tutka.codec.TutkaJson;
import fi.tutka.providers.JdbcAllocationStore;
import fi.tutka.providers.StaticKeyProvider;
import fi.tutka.spi.Allocation;
import fi.tutka.spi.AllocationOutcome;
import fi.tutka.spi.AllocationRequest;
import fi.tutka.spi.AllocationStore;
import fi.tutka.spi.Correction;
import fi.tutka.spi.HmacKey;
import fi.tutka.spi.RuleResource;
import fi.tutka.spi.TrialAllocation;
import fi.tutka.spi.TutkaRecord;
import fi.tutka.trials.KeyedHashV1;
import fi.tutka.trials.PermutedBlocksV1;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Trials end to end: definitions and eligibility rules, the ledger, assignment and enforcement. On H2 here; {@link
 * PostgresTrialsTest} runs the same tests on PostgreSQL.
 */
class TrialsTest {
    static final HmacKey TRIAL_KEY = new HmacKey("trial-test", TutkaTest.bytes(100, 32));
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T08:00:00Z"), ZoneOffset.UTC);
    /** For tests with decisions later in March: the engine takes none dated more than a day after its clock. */
    static final Clock END_OF_MARCH = Clock.fixed(Instant.parse("2026-04-01T08:00:00Z"), ZoneOffset.UTC);

    /** Beside {@link TutkaTest#RULES}: a coaching code, a class that the test trials' arms do not touch. */
    static final String COACHING = """
            package test.rules;
            import fi.tutka.facts.Decision;
            import fi.tutka.facts.ServiceClass;

            rule "Coaching code"
            when
                Decision( serviceCode == "VALM" )
            then
                insert(new ServiceClass("coaching"));
            end
            """;

    static final String DEFINITION = """
            {"id": "subsidy-trial", "version": "1", "title": "Pay subsidy trial",
             "areas": ["179"], "recruitment": {"from": "2026-03-01", "to": "2026-03-31"}, "enforce_until": "2026-06-30",
             "allocation": {"method": "keyed-hash-v1"},
             "arms": [{"name": "control", "weight": 5000, "forbids": ["pay_subsidy_50"], "enforcement": "BLOCK"},
                      {"name": "subsidy", "weight": 5000, "requires": ["pay_subsidy_50"], "enforcement": "FLAG"}]}
            """;

    static final String ELIGIBILITY = """
            package test.trials;
            import fi.tutka.facts.Decision;
            import fi.tutka.facts.TrialCheck;

            rule "subsidy-trial: aged 30 to 39"
            when
                TrialCheck( trialId == "subsidy-trial" )
                Decision( age >= 30, age <= 39 )
            then
            end

            rule "subsidy-trial: unemployed"
            when
                TrialCheck( trialId == "subsidy-trial" )
                Decision( jobseekerStatus == "02" )
            then
            end
            """;

    final List<TutkaRecord> written = new CopyOnWriteArrayList<>();
    final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    /** The engines' identity vault, in memory. */
    final MemoryVault vault = new MemoryVault();

    /** A fresh, empty ledger, closed after the test. */
    AllocationStore ledger() throws Exception {
        JdbcAllocationStore store = JdbcAllocationStore.open("jdbc:h2:mem:trials-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1", null, null);
        toClose.add(store);
        return store;
    }

    /** The engines' clock. */
    private Clock clock = CLOCK;

    Tutka engine(AllocationStore ledger, String... namesAndTexts) {
        List<RuleResource> files = new ArrayList<>();
        files.add(RuleResource.ofText("test.drl", TutkaTest.RULES));
        files.add(RuleResource.ofText("coaching.drl", COACHING));
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            files.add(RuleResource.ofText(namesAndTexts[i], namesAndTexts[i + 1]));
        }
        Tutka tutka = Tutka.builder().discovery(false).ruleSource(TutkaTest.rules(files))
                .keyProvider(StaticKeyProvider.of(TutkaTest.KEY).withTrialKey("subsidy-trial", TRIAL_KEY)
                        .withTrialKey("coaching-trial", TRIAL_KEY))
                .allocationStore(ledger).recordSink(written::addAll).identityVault(vault).clock(clock).build();
        toClose.add(0, tutka);
        return tutka;
    }

    Tutka engine(AllocationStore ledger) {
        return engine(ledger, "trials/subsidy-trial.trial.json", DEFINITION, "trials/subsidy-trial.drl", ELIGIBILITY);
    }

    /** A decision on the given day, in March 2026 unless the date says otherwise. */
    static ServiceDecision decision(String id, String clientId, String serviceCode, EventType type, String status,
            LocalDate day) {
        return new ServiceDecision(id, "179", clientId, type, serviceCode, day, day.plusDays(7), day.plusMonths(6),
                new BigDecimal("9000.00"), null, day.atTime(10, 0).toInstant(ZoneOffset.ofHours(2)),
                new ClientSnapshot("179", status, LocalDate.of(2025, 1, 10), "4", "fi", "earnings_related", null));
    }

    static ServiceDecision decision(String id, String clientId) {
        return decision(id, clientId, "PT50", EventType.DECISION, "02", LocalDate.of(2026, 3, 2));
    }

    static String client(int individual) {
        return TestDecisions.identityCode(LocalDate.of(1990, 1, 10), '-', individual);
    }

    @Test
    void anEligibleClientIsRandomisedOnceWithTheKeyedHashArmAndAReplayChangesNothing() throws Exception {
        AllocationStore ledger = ledger();
        Tutka tutka = engine(ledger);

        Outcome first = tutka.evaluate(decision("D-1", TestDecisions.CLIENT_ID));
        String subject = first.subject();
        int basisPoints = new KeyedHashV1(TRIAL_KEY).basisPoints("subsidy-trial", subject);
        String arm = basisPoints < 5000 ? "control" : "subsidy";
        TrialVerdict verdict = first.trials().get(0);
        assertThat(verdict.trialId()).isEqualTo("subsidy-trial");
        assertThat(verdict.eligible()).isTrue();
        assertThat(verdict.criteriaMet()).containsExactly("subsidy-trial: aged 30 to 39", "subsidy-trial: unemployed");
        assertThat(verdict.criteriaUnmet()).isEmpty();
        assertThat(verdict.allocatedNow()).isTrue();
        assertThat(verdict.arm()).isEqualTo(arm);
        assertThat(ledger.allocations(subject)).singleElement().satisfies(allocation -> {
            assertThat(allocation.arm()).isEqualTo(arm);
            assertThat(allocation.trialVersion()).isEqualTo("1");
            assertThat(allocation.method()).isEqualTo("keyed-hash-v1");
            assertThat(allocation.stratum()).isEmpty();
            assertThat(allocation.sequence()).isZero();
            assertThat(allocation.decisionId()).isEqualTo("D-1");
            assertThat(allocation.decisionLocalDate()).isEqualTo(LocalDate.of(2026, 3, 2));
            assertThat(allocation.allocatedAt()).isEqualTo(CLOCK.instant());
            assertThat(allocation.protocolFingerprint()).isEqualTo(tutka.trials().get(0).fingerprint())
                    .matches("[0-9a-f]{64}");
            assertThat(allocation.rulesetVersion()).isEqualTo(tutka.rulesetVersion());
        });
        TutkaRecord allocationRecord = written.stream().filter(r -> r.type().equals(TrialAllocation.TYPE))
                .findFirst().orElseThrow();
        assertThat(first.recordIds()).contains(allocationRecord.id());
        assertThat(((TrialAllocation) allocationRecord.data()).arm()).isEqualTo(arm);
        assertThat(SchemaTest.validate(SchemaTest.schema("trial-allocation.schema.json"),
                TutkaJson.write(allocationRecord))).isEmpty();

        String head = ledger.head();
        written.clear();
        Outcome replay = tutka.evaluate(decision("D-1", TestDecisions.CLIENT_ID));
        assertThat(replay.trials().get(0).allocatedNow()).isFalse();
        assertThat(replay.trials().get(0).arm()).isEqualTo(arm);
        assertThat(ledger.head()).isEqualTo(head);
        assertThat(written).noneMatch(r -> r.type().equals(TrialAllocation.TYPE));
    }

    @Test
    void theAllocationRecordMatchesItsGoldenFile() throws Exception {
        AllocationStore ledger = ledger();
        Tutka tutka = engine(ledger);
        tutka.evaluate(decision("D-1", TestDecisions.CLIENT_ID));
        TutkaRecord record = written.stream().filter(r -> r.type().equals(TrialAllocation.TYPE)).findFirst()
                .orElseThrow();
        String json = TutkaJson.write(record).replace(tutka.rulesetVersion(), "RULESET")
                .replace("\"engine_version\":\"" + fi.tutka.internal.Versions.ENGINE + "\"",
                        "\"engine_version\":\"ENGINE\"");
        assertThat(json).isEqualTo(TutkaTest.resource("/fi/tutka/golden/trial-allocation.json").strip());
    }

    @Test
    void aBlockedDecisionThatWritesNoRecordKeepsNoIdentityCodeButAnAllocationRecordDoes() throws Exception {
        AllocationStore ledger = ledger();
        Tutka tutka = engine(ledger);
        String subject = tutka.subject("179", client(903));
        preAllocate(ledger, tutka, subject, "control");

        Outcome blocked = tutka.evaluate(decision("D-2", client(903)));

        assertThat(blocked.verdict()).isEqualTo(Verdict.BLOCK);
        assertThat(written).isEmpty();
        assertThat(vault.codes).isEmpty();

        Outcome allocated = tutka.evaluate(decision("D-4", client(904)));
        assertThat(allocated.trials().get(0).allocatedNow()).isTrue();
        assertThat(vault.identityCode(TutkaTest.KEY.id(), allocated.subject())).contains(client(904));
    }

    @Test
    void aControlClientIsBlockedFromTheForbiddenServiceAndNoServiceEventIsWritten() throws Exception {
        AllocationStore ledger = ledger();
        Tutka tutka = engine(ledger);
        String subject = tutka.evaluate(decision("D-0", client(902), "VALM", EventType.DECISION, "02",
                LocalDate.of(2026, 2, 27))).subject();
        preAllocate(ledger, tutka, subject, "control");
        written.clear();

        Outcome outcome = tutka.evaluate(decision("D-2", client(902)));

        assertThat(outcome.verdict()).isEqualTo(Verdict.BLOCK);
        assertThat(outcome.message()).isEqualTo("Blocked by trial 'Pay subsidy trial' (subsidy-trial): the arm "
                + "'control' must not receive pay_subsidy_50. Choose another service, or ask the trial's coordinator.");
        assertThat(outcome.trials()).singleElement().satisfies(t -> {
            assertThat(t.arm()).isEqualTo("control");
            assertThat(t.complies()).isFalse();
            assertThat(t.verdict()).isEqualTo(Verdict.BLOCK);
            assertThat(t.allocatedNow()).isFalse();
        });
        assertThat(outcome.recordIds()).isEmpty();
        assertThat(written).isEmpty();

        Outcome coaching = tutka.evaluate(decision("D-3", client(902), "VALM", EventType.DECISION, "02",
                LocalDate.of(2026, 3, 3)));
        assertThat(coaching.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(coaching.message()).isEmpty();
        assertThat(coaching.trials().get(0).message()).isEqualTo("In arm 'control'.");
    }

    @Test
    void cancellingTheArmsInterventionIsFlaggedAndTheRecordCarriesTheFlag() throws Exception {
        clock = END_OF_MARCH;
        AllocationStore ledger = ledger();
        Tutka tutka = engine(ledger);
        String subject = tutka.evaluate(decision("D-0", client(903), "VALM", EventType.DECISION, "02",
                LocalDate.of(2026, 2, 27))).subject();
        preAllocate(ledger, tutka, subject, "subsidy");
        written.clear();

        Outcome outcome = tutka.evaluate(decision("D-4", client(903), "PT50", EventType.CANCELLATION, "02",
                LocalDate.of(2026, 3, 10)));

        assertThat(outcome.verdict()).isEqualTo(Verdict.FLAG);
        assertThat(outcome.message()).isEqualTo("Flagged by trial 'Pay subsidy trial' (subsidy-trial): cancels "
                + "pay_subsidy_50, which the arm 'subsidy' is to receive. Choose another service, or ask the trial's "
                + "coordinator.");
        assertThat(outcome.qualityFlags()).containsExactly("trial_arm_contradiction");
        assertThat(written).singleElement().satisfies(record -> assertThat(record.type())
                .isEqualTo("fi.tutka.service-event.v1"));
    }

    @Test
    void aDecisionDatedBeforeTheRandomisationIsJudgedAsItWasThenSoAReplayGivesTheSameOutcome() throws Exception {
        clock = END_OF_MARCH;
        AllocationStore ledger = ledger();
        Tutka tutka = engine(ledger);
        ServiceDecision earlier = decision("E-1", client(910), "PT50", EventType.DECISION, "03",
                LocalDate.of(2026, 3, 2));
        ServiceDecision randomising = decision("E-2", client(910), "VALM", EventType.DECISION, "02",
                LocalDate.of(2026, 3, 9));

        Outcome first = tutka.evaluate(earlier);
        Outcome allocated = tutka.evaluate(randomising);
        Outcome replay = tutka.evaluate(earlier);

        assertThat(allocated.trials().get(0).allocatedNow()).isTrue();
        // the control arm must not receive pay subsidy: without the date rule the replay would be blocked
        assertThat(allocated.trials().get(0).arm()).isEqualTo("control");
        assertThat(replay.verdict()).isEqualTo(first.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(replay.qualityFlags()).isEqualTo(first.qualityFlags());
        assertThat(replay.trials().get(0).arm()).isNull();
        assertThat(replay.trials().get(0).message()).isEqualTo("Randomised later, on 2026-03-09: the arm does not "
                + "apply to this earlier decision.");
    }

    @Test
    void aCorrectedAllocationIsNoLongerEnforced() throws Exception {
        AllocationStore ledger = ledger();
        Tutka tutka = engine(ledger);
        String subject = tutka.evaluate(decision("D-0", client(904), "VALM", EventType.DECISION, "02",
                LocalDate.of(2026, 2, 27))).subject();
        preAllocate(ledger, tutka, subject, "control");
        ledger.correct("subsidy-trial", subject, Correction.Kind.WITHDRAWAL, "client declined further contact",
                "trial coordinator", CLOCK.instant());

        Outcome outcome = tutka.evaluate(decision("D-5", client(904)));

        assertThat(outcome.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(outcome.trials().get(0).arm()).isNull();
        assertThat(outcome.trials().get(0).message()).isEqualTo("Was in arm 'control'; the allocation was corrected, "
                + "so the arm is no longer enforced.");
        assertThat(ledger.allocations(subject)).hasSize(1);
    }

    @Test
    void anIneligibleClientIsToldWhichCriteriaFailedAndIsNotRandomised() throws Exception {
        AllocationStore ledger = ledger();
        Tutka tutka = engine(ledger);

        Outcome outcome = tutka.evaluate(decision("D-6", client(905), "PT50", EventType.DECISION, "03",
                LocalDate.of(2026, 3, 2)));

        TrialVerdict verdict = outcome.trials().get(0);
        assertThat(verdict.eligible()).isFalse();
        assertThat(verdict.criteriaMet()).containsExactly("subsidy-trial: aged 30 to 39");
        assertThat(verdict.criteriaUnmet()).containsExactly("subsidy-trial: unemployed");
        assertThat(verdict.arm()).isNull();
        assertThat(verdict.message()).isEqualTo("Not eligible: subsidy-trial: unemployed.");
        assertThat(ledger.allocations(outcome.subject())).isEmpty();
        assertThat(ledger.head()).isEmpty();
    }

    @Test
    void recruitmentWindowAndAreaFollowTheHelsinkiDate() throws Exception {
        clock = END_OF_MARCH;
        AllocationStore ledger = ledger();
        Tutka tutka = engine(ledger);
        ServiceDecision template = decision("D-7", client(906));
        // 23:30 on 31 March in Helsinki is 20:30 UTC: still in the window.
        ServiceDecision lastEvening = withTime(template, "D-7", Instant.parse("2026-03-31T20:30:00Z"));
        // 00:30 on 1 March in Helsinki is 22:30 UTC on 28 February: already in the window.
        ServiceDecision firstNight = withTime(template, "D-8", Instant.parse("2026-02-28T22:30:00Z"));
        // 00:30 on 1 April in Helsinki (summer time, +03:00) is 21:30 UTC on 31 March: past the window.
        ServiceDecision afterwards = withTime(decision("D-9", client(907)), "D-9",
                Instant.parse("2026-03-31T21:30:00Z"));

        assertThat(tutka.evaluate(lastEvening).trials().get(0).allocatedNow()).isTrue();
        assertThat(tutka.evaluate(firstNight).trials().get(0).eligible()).isTrue();
        Outcome late = tutka.evaluate(afterwards);
        assertThat(late.trials().get(0).eligible()).isFalse();
        assertThat(late.trials().get(0).message()).isEqualTo("Not randomised: the trial is not recruiting on "
                + "2026-04-01.");
        assertThat(ledger.allocations(late.subject())).isEmpty();
    }

    static ServiceDecision withTime(ServiceDecision d, String id, Instant time) {
        return new ServiceDecision(id, d.area(), d.clientId(), d.eventType(), d.serviceCode(), d.decisionDate(),
                d.startDate(), d.endDate(), d.cost(), d.funding(), time, d.client());
    }

    @Test
    void aClientOutsideEveryTrialNeverReachesTheLedger() throws Exception {
        AllocationStore untouched = mock(AllocationStore.class);
        Tutka tutka = engine(untouched);

        Outcome before = tutka.evaluate(decision("D-10", client(908), "PT50", EventType.DECISION, "02",
                LocalDate.of(2026, 2, 27)));
        ServiceDecision inMarch = decision("D-11", client(908));
        Outcome otherArea = tutka.evaluate(new ServiceDecision("D-11", "837", inMarch.clientId(), inMarch.eventType(),
                inMarch.serviceCode(), inMarch.decisionDate(), null, null, null, null, inMarch.decisionTime(),
                inMarch.client()));

        assertThat(before.trials()).isEmpty();
        assertThat(otherArea.trials()).isEmpty();
        assertThat(before.firedRules()).noneMatch(rule -> rule.startsWith("subsidy-trial"));
        verifyNoInteractions(untouched);
    }

    @Test
    void eightThreadsReplayingIntoAFreshLedgerGiveOneAllocationEachWithTheSingleThreadArms() throws Exception {
        List<ServiceDecision> decisions = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            for (int repeat = 0; repeat < 3; repeat++) {
                decisions.add(decision("D-" + i + "-" + repeat, client(900 + i)));
            }
        }
        AllocationStore single = ledger();
        Map<String, String> singleArms = new TreeMap<>();
        Tutka one = engine(single);
        for (ServiceDecision decision : decisions) {
            Outcome outcome = one.evaluate(decision);
            singleArms.put(outcome.subject(), outcome.trials().get(0).arm());
        }

        AllocationStore shared = ledger();
        Tutka tutka = engine(shared);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Outcome>> futures = new ArrayList<>();
        try {
            for (int thread = 0; thread < 8; thread++) {
                for (ServiceDecision decision : decisions) {
                    futures.add(pool.submit(() -> tutka.evaluate(decision)));
                }
            }
            Map<String, String> arms = new TreeMap<>();
            int allocatedNow = 0;
            for (Future<Outcome> future : futures) {
                Outcome outcome = future.get();
                String previous = arms.put(outcome.subject(), outcome.trials().get(0).arm());
                assertThat(previous).isIn(null, outcome.trials().get(0).arm());
                allocatedNow += outcome.trials().get(0).allocatedNow() ? 1 : 0;
            }
            assertThat(arms).isEqualTo(singleArms).hasSize(100);
            assertThat(allocatedNow).isEqualTo(100);
        } finally {
            pool.shutdownNow();
        }
        List<Allocation> all = new ArrayList<>();
        shared.forEachAllocation("subsidy-trial", all::add);
        assertThat(all).hasSize(100);
        assertThat(all.stream().map(Allocation::sequence).sorted().toList())
                .isEqualTo(LongStream.range(0, 100).boxed().toList());
        assertThat(written.stream().filter(r -> r.type().equals(TrialAllocation.TYPE)).count()).isEqualTo(200);
        assertThat(shared.verify().intact()).isTrue();
    }

    static final String BLOCKS_DEFINITION = """
            {"id": "coaching-trial", "version": "1", "title": "Coaching trial",
             "areas": ["179", "837"], "recruitment": {"from": "2026-03-01", "to": "2026-03-31"},
             "allocation": {"method": "permuted-blocks-v1", "strata": ["area", "age_band"], "age_bands": [30, 35],
                            "block_sizes": [2, 4]},
             "arms": [{"name": "usual", "weight": 5000, "forbids": ["coaching"], "enforcement": "FLAG"},
                      {"name": "coached", "weight": 5000, "requires": ["coaching"], "enforcement": "FLAG"}]}
            """;

    static final String BLOCKS_ELIGIBILITY = """
            package test.trials;
            import fi.tutka.facts.Decision;
            import fi.tutka.facts.TrialCheck;

            rule "coaching-trial: aged 30 or over"
            when
                TrialCheck( trialId == "coaching-trial" )
                Decision( age >= 30 )
            then
            end
            """;

    @Test
    void permutedBlocksFromEightThreadsFollowTheConcealedSequenceInEveryStratum() throws Exception {
        AllocationStore ledger = ledger();
        Tutka tutka = engine(ledger, "coaching-trial.trial.json", BLOCKS_DEFINITION, "coaching-trial.drl",
                BLOCKS_ELIGIBILITY);
        List<ServiceDecision> decisions = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            LocalDate born = LocalDate.of(1986 + i % 10, 1 + i % 12, 1 + i % 28);
            String clientId = TestDecisions.identityCode(born, '-', 900 + i);
            ServiceDecision d = decision("B-" + i, clientId);
            decisions.add(i % 3 == 0 ? new ServiceDecision(d.decisionId(), "837", clientId, d.eventType(), "VALM",
                    d.decisionDate(), null, null, null, null, d.decisionTime(), d.client()) : d);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                for (ServiceDecision decision : decisions) {
                    futures.add(pool.submit(() -> tutka.evaluate(decision)));
                }
            }
            for (Future<Outcome> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, List<Allocation>> byStratum = new TreeMap<>();
        ledger.forEachAllocation("coaching-trial", a -> byStratum.computeIfAbsent(a.stratum(), s -> new ArrayList<>())
                .add(a));
        assertThat(byStratum.keySet()).containsExactly("179/30-34", "179/35+", "837/30-34", "837/35+");
        PermutedBlocksV1 blocks = new PermutedBlocksV1(TRIAL_KEY, "coaching-trial", new int[] {5000, 5000},
                new int[] {2, 4});
        int total = 0;
        for (Map.Entry<String, List<Allocation>> stratum : byStratum.entrySet()) {
            List<Allocation> allocations = stratum.getValue();
            allocations.sort(Comparator.comparingLong(Allocation::sequence));
            for (int n = 0; n < allocations.size(); n++) {
                assertThat(allocations.get(n).sequence()).isEqualTo(n);
                assertThat(allocations.get(n).arm()).isEqualTo(blocks.arm(stratum.getKey(), n) == 0 ? "usual"
                        : "coached");
            }
            // Every completed block holds the arms exactly 1:1.
            int start = 0;
            for (int index = 0; ; index++) {
                int size = blocks.block(stratum.getKey(), index).length;
                if (start + size > allocations.size()) {
                    break;
                }
                List<Allocation> block = allocations.subList(start, start + size);
                assertThat(block.stream().filter(a -> a.arm().equals("usual")).count()).as(stratum.getKey())
                        .isEqualTo(size / 2);
                start += size;
            }
            total += allocations.size();
        }
        assertThat(total).isEqualTo(100);
    }

    @Test
    void changingWeightsAndRulesAfterRecruitmentStartedLeavesEveryAllocationAndGivesNewOnesTheNewFingerprint() throws Exception {
        AllocationStore ledger = ledger();
        Tutka before = engine(ledger);
        Map<String, Allocation> original = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            String subject = before.evaluate(decision("V-" + i, client(900 + i))).subject();
            original.put(subject, ledger.allocations(subject).get(0));
        }
        String oldFingerprint = before.trials().get(0).fingerprint();

        String changed = DEFINITION.replace("\"version\": \"1\"", "\"version\": \"2\"")
                .replace("\"weight\": 5000, \"forbids\"", "\"weight\": 1000, \"forbids\"")
                .replace("\"weight\": 5000, \"requires\"", "\"weight\": 9000, \"requires\"");
        Tutka after = engine(ledger, "trials/subsidy-trial.trial.json", changed, "trials/subsidy-trial.drl",
                ELIGIBILITY.replace("age <= 39", "age <= 49"));
        String newFingerprint = after.trials().get(0).fingerprint();
        assertThat(newFingerprint).isNotEqualTo(oldFingerprint);

        for (int i = 0; i < 30; i++) {
            Outcome outcome = after.evaluate(decision("W-" + i, client(900 + i)));
            assertThat(outcome.trials().get(0).allocatedNow()).isFalse();
            assertThat(ledger.allocations(outcome.subject())).containsExactly(original.get(outcome.subject()));
        }
        Outcome newcomer = after.evaluate(decision("W-new", client(950)));
        assertThat(newcomer.trials().get(0).allocatedNow()).isTrue();
        Allocation fresh = ledger.allocations(newcomer.subject()).get(0);
        assertThat(fresh.protocolFingerprint()).isEqualTo(newFingerprint);
        assertThat(fresh.trialVersion()).isEqualTo("2");
        assertThat(original.values()).allSatisfy(a -> {
            assertThat(a.protocolFingerprint()).isEqualTo(oldFingerprint);
            assertThat(a.trialVersion()).isEqualTo("1");
        });
        assertThat(ledger.verify().intact()).isTrue();
    }

    @Test
    void exclusiveTrialsNeverHoldOneClientAndTheTargetStopsRecruitment() throws Exception {
        AllocationStore ledger = ledger();
        String exclusive = BLOCKS_DEFINITION.replace("\"allocation\"", "\"exclusive_with\": [\"subsidy-trial\"], "
                + "\"target_size\": 2, \"when_target_reached\": \"stop_recruiting\", \"allocation\"");
        Tutka tutka = engine(ledger, "trials/subsidy-trial.trial.json", DEFINITION, "trials/subsidy-trial.drl",
                ELIGIBILITY, "coaching-trial.trial.json", exclusive, "coaching-trial.drl", BLOCKS_ELIGIBILITY);

        Outcome first = tutka.evaluate(decision("X-1", client(960)));
        assertThat(first.trials()).extracting(TrialVerdict::trialId).containsExactly("coaching-trial",
                "subsidy-trial");
        assertThat(ledger.allocations(first.subject())).hasSize(1);
        TrialVerdict coaching = first.trials().get(0);
        TrialVerdict subsidy = first.trials().get(1);
        assertThat(coaching.allocatedNow()).isTrue();
        assertThat(subsidy.eligible()).isTrue();
        assertThat(subsidy.arm()).isNull();
        assertThat(subsidy.message()).isEqualTo("Eligible, but not randomised: the client is in trial "
                + "'coaching-trial', which excludes this one.");

        tutka.evaluate(decision("X-2", client(961), "PT50", EventType.DECISION, "03", LocalDate.of(2026, 3, 2)));
        Outcome third = tutka.evaluate(decision("X-3", client(962), "PT50", EventType.DECISION, "03",
                LocalDate.of(2026, 3, 2)));
        assertThat(third.trials().get(0).message()).isEqualTo("Eligible, but not randomised: the trial has reached "
                + "its target of 2 clients.");
        assertThat(ledger.allocations(third.subject())).isEmpty();
    }

    @Test
    void aBrokenDefinitionIsRefusedWithEveryProblemNamedByPointer() throws Exception {
        String broken = """
                {"id": "Bad Id", "version": "1", "title": "t", "areas": ["17"],
                 "recruitment": {"from": "2026-03-31", "to": "2026-03-01"},
                 "allocation": {"method": "coin-toss"},
                 "arms": [{"name": "a", "weight": 5000, "forbids": ["no_such_class"], "enforcement": "STOP"},
                          {"name": "a", "weight": 4000, "enforcement": "FLAG"}],
                 "colour": "blue"}
                """;
        assertThatThrownBy(() -> engine(ledger(), "x.trial.json", broken, "x.drl", ELIGIBILITY))
                .isInstanceOfSatisfying(TutkaException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RULES_COMPILE);
                    assertThat(e.getMessage()).contains(
                            "x.trial.json: /colour: is not a known field",
                            "x.trial.json: /id: 'Bad Id' is not allowed: use lower-case letters, digits and hyphens",
                            "x.trial.json: /areas/0: '17' is not allowed: use 3-digit host municipality codes",
                            "x.trial.json: /recruitment/to: is before /recruitment/from",
                            "x.trial.json: /allocation/method: 'coin-toss' is not allowed: use keyed-hash-v1 or "
                                    + "permuted-blocks-v1",
                            "x.trial.json: /arms/0/forbids: 'no_such_class' is not a research service class",
                            "x.trial.json: /arms/0/enforcement: 'STOP' is not allowed: use BLOCK or FLAG",
                            "x.trial.json: /arms/1/name: 'a' names two arms");
                });
    }

    @Test
    void aDefinitionNamingAClientOrEmptyIsRefusedWithoutRepeatingTheCode() throws Exception {
        String code = client(990);
        String naming = DEFINITION.replace("\"title\": \"Pay subsidy trial\"", "\"title\": \"Trial for " + code + "\"")
                .replace("\"areas\": [\"179\"]", "\"areas\": [\"" + code + "\"]");
        assertThatThrownBy(() -> engine(ledger(), "subsidy-trial.trial.json", naming, "subsidy-trial.drl",
                ELIGIBILITY)).satisfies(e -> assertThat(e.getMessage())
                        .contains("subsidy-trial.trial.json: /title: holds a value shaped like a personal identity "
                                + "code: a trial definition must not name a client")
                        .contains("subsidy-trial.trial.json: /areas/0: holds a value shaped like a personal identity "
                                + "code")
                        .doesNotContain(code));
        assertThatThrownBy(() -> engine(ledger(), "subsidy-trial.trial.json", " \n", "subsidy-trial.drl",
                ELIGIBILITY)).hasMessageContaining("subsidy-trial.trial.json: is empty: write the trial's definition "
                + "as a JSON object");
    }

    @Test
    void aTrialDefinedTwiceIsRefusedNamingBothFiles() throws Exception {
        String again = ELIGIBILITY.replace("package test.trials;", "package other.trials;");
        assertThatThrownBy(() -> engine(ledger(), "trials/subsidy-trial.trial.json", DEFINITION,
                "trials/subsidy-trial.drl", ELIGIBILITY, "subsidy-trial.trial.json", DEFINITION, "subsidy-trial.drl",
                again)).hasMessageContaining("trial 'subsidy-trial' is defined more than once, in "
                + "subsidy-trial.trial.json and trials/subsidy-trial.trial.json (from test): give your trial another "
                + "id, or load only your own rules (setting 'tutka.rules=none')");
    }

    @Test
    void anExclusiveTrialThatIsNotLoadedIsNamedInTheDefinitionsFileByPointer() throws Exception {
        String exclusive = DEFINITION.replace("\"allocation\"", "\"exclusive_with\": [\"coaching-trial\", "
                + "\"coaching-trail\"], \"allocation\"");
        assertThatThrownBy(() -> engine(ledger(), "trials/subsidy-trial.trial.json", exclusive,
                "trials/subsidy-trial.drl", ELIGIBILITY, "coaching-trial.trial.json", BLOCKS_DEFINITION,
                "coaching-trial.drl", BLOCKS_ELIGIBILITY))
                .isInstanceOfSatisfying(TutkaException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RULES_COMPILE);
                    assertThat(e.getMessage()).isEqualTo("RULES_COMPILE: 1 error(s) in trials from test:\n"
                            + "trials/subsidy-trial.trial.json: /exclusive_with/1: names trial 'coaching-trail', "
                            + "which is not loaded; loaded trials: [coaching-trial, subsidy-trial]");
                });
    }

    @Test
    void eligibilityRulesMustExistAndMatchTheirTrialCheck() throws Exception {
        assertThatThrownBy(() -> engine(ledger(), "subsidy-trial.trial.json", DEFINITION))
                .hasMessageContaining("subsidy-trial.trial.json: the eligibility rules are missing: write them in "
                        + "subsidy-trial.drl, one rule a criterion, each matching TrialCheck(trialId == "
                        + "\"subsidy-trial\")");
        String unguarded = ELIGIBILITY.replace("    TrialCheck( trialId == \"subsidy-trial\" )\n"
                + "    Decision( jobseekerStatus == \"02\" )", "    Decision( jobseekerStatus == \"02\" )");
        assertThatThrownBy(() -> engine(ledger(), "subsidy-trial.trial.json", DEFINITION, "subsidy-trial.drl",
                unguarded)).hasMessageContaining("subsidy-trial.drl: rule 'subsidy-trial: unemployed' does not match "
                + "TrialCheck(trialId == \"subsidy-trial\"): without it the rule runs on every decision");
        String otherTrial = ELIGIBILITY.replace("TrialCheck( trialId == \"subsidy-trial\" )\n    Decision( jobseekerStatus",
                "TrialCheck( trialId == \"other-trial\" )\n    Decision( jobseekerStatus");
        assertThatThrownBy(() -> engine(ledger(), "subsidy-trial.trial.json", DEFINITION, "subsidy-trial.drl",
                otherTrial)).hasMessageContaining("subsidy-trial.drl: rule 'subsidy-trial: unemployed' matches "
                + "TrialCheck(trialId == \"other-trial\"), not TrialCheck(trialId == \"subsidy-trial\"): it is a "
                + "criterion of trial 'subsidy-trial', whose file it is in");
    }


    @Test
    void eligibilityRulesSeeTheAllocationsTheClientAlreadyHolds() throws Exception {
        String notInOtherTrial = ELIGIBILITY.replace("import fi.tutka.facts.TrialCheck;",
                "import fi.tutka.facts.TrialCheck;\nimport fi.tutka.facts.ClientAllocation;") + """

                rule "subsidy-trial: not in the coaching trial"
                when
                    TrialCheck( trialId == "subsidy-trial" )
                    not ClientAllocation( trialId == "coaching-trial", live )
                then
                end
                """;
        AllocationStore ledger = ledger();
        Tutka tutka = engine(ledger, "subsidy-trial.trial.json", DEFINITION, "subsidy-trial.drl", notInOtherTrial);
        String inCoaching = tutka.subject("179", client(970));
        ledger.allocate(new AllocationRequest("coaching-trial", "1", "0".repeat(64), "keyed-hash-v1", inCoaching,
                TutkaTest.KEY.id(), "179", "", "D-earlier", LocalDate.of(2026, 2, 1), "0".repeat(64), "r",
                CLOCK.instant(), Set.of(), null), sequence -> "coached");

        Outcome held = tutka.evaluate(decision("C-1", client(970)));
        Outcome free = tutka.evaluate(decision("C-2", client(971)));

        assertThat(held.subject()).isEqualTo(inCoaching);
        assertThat(held.trials().get(0).criteriaUnmet()).containsExactly("subsidy-trial: not in the coaching trial");
        assertThat(held.trials().get(0).arm()).isNull();
        assertThat(free.trials().get(0).criteriaMet()).contains("subsidy-trial: not in the coaching trial");
        assertThat(free.trials().get(0).allocatedNow()).isTrue();
    }

    /** Puts the subject in an arm directly, as an earlier decision would have. */
    private static void preAllocate(AllocationStore ledger, Tutka tutka, String subject, String arm) {
        AllocationOutcome outcome = ledger.allocate(new AllocationRequest("subsidy-trial", "1",
                tutka.trials().get(0).fingerprint(), "keyed-hash-v1", subject, TutkaTest.KEY.id(), "179", "",
                "D-earlier", LocalDate.of(2026, 3, 1), "0".repeat(64), tutka.rulesetVersion(), CLOCK.instant(),
                Set.of(), null), sequence -> arm);
        assertThat(outcome.status()).isEqualTo(AllocationOutcome.Status.ALLOCATED);
    }
}
