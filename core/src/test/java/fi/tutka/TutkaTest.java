package fi.tutka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import fi.tutka.api.DecisionResult;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.FieldError;
import fi.tutka.api.Outcome;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TutkaException;
import fi.tutka.api.Verdict;
import fi.tutka.api.Warning;
import fi.tutka.codec.TutkaJson;
import fi.tutka.providers.StaticKeyProvider;
import fi.tutka.spi.HmacKey;
import fi.tutka.spi.RecordSink;
import fi.tutka.spi.RuleResource;
import fi.tutka.spi.RuleSource;
import fi.tutka.spi.Settings;
import fi.tutka.spi.TutkaRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TutkaTest {
    static final HmacKey KEY = new HmacKey("179-test", bytes(0, 32));

    static final String RULES = """
            package test.rules;
            import fi.tutka.facts.Decision;
            import fi.tutka.facts.ServiceClass;
            global fi.tutka.facts.Result result;

            rule "Pay subsidy code"
            when
                Decision( serviceCode == "PT50" )
            then
                insert(new ServiceClass("pay_subsidy_50"));
            end

            rule "Service class"
            when
                $c : ServiceClass()
            then
                result.classify($c);
            end

            rule "Unknown code"
                salience -100
            when
                Decision( $code : serviceCode )
                not ServiceClass()
            then
                result.flag("unknown_service_code", "/service_code", "local service code " + $code + " is unknown");
            end

            rule "Long-term unemployed"
            when
                Decision( unemploymentMonths != null, unemploymentMonths >= 12 )
            then
                result.tag("long_term_unemployed", "true");
            end
            """;

    final List<TutkaRecord> written = new CopyOnWriteArrayList<>();
    Tutka tutka = engine(rules("test.drl", RULES), written::addAll);

    @AfterEach
    void close() {
        tutka.close();
    }

    static Tutka engine(RuleSource rules, RecordSink sink) {
        return Tutka.builder().discovery(false).ruleSource(rules).keyProvider(StaticKeyProvider.of(KEY))
                .recordSink(sink).identityVault(new MemoryVault()).build();
    }

    static RuleSource rules(String name, String drl) {
        return rules(List.of(RuleResource.ofText(name, drl)));
    }

    /** Rule files from memory, a source named {@code test}. */
    static RuleSource rules(List<RuleResource> files) {
        return new RuleSource() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public List<RuleResource> resources() {
                return files;
            }
        };
    }

    static byte[] bytes(int from, int count) {
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++) {
            bytes[i] = (byte) (from + i);
        }
        return bytes;
    }

    @Test
    void evaluatesTagsAndWritesOneRecordMatchingTheGoldenFile() throws IOException {
        Outcome outcome = tutka.evaluate(TestDecisions.valid("D-1"));

        assertThat(outcome.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(outcome.tags()).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "long_term_unemployed", "true", "service_class", "pay_subsidy_50", "statutory", "true",
                "statutory_basis", "380/2023")));
        assertThat(outcome.firedRules()).containsExactlyInAnyOrder("Pay subsidy code", "Service class",
                "Long-term unemployed");
        assertThat(outcome.warnings()).isEmpty();
        assertThat(outcome.subjectKey()).isEqualTo("179-test");
        assertThat(written).hasSize(1);
        assertThat(outcome.recordIds()).containsExactly(written.get(0).id());
        String json = TutkaJson.write(written.get(0)).replace(tutka.rulesetVersion(), "RULESET")
                .replace("\"engine_version\":\"" + fi.tutka.internal.Versions.ENGINE + "\"", "\"engine_version\":\"ENGINE\"");
        assertThat(json).isEqualTo(resource("/fi/tutka/golden/service-event.json").strip());
    }

    @Test
    void reusedRuleSessionsCarryNothingFromOneDecisionToTheNext() {
        ServiceDecision known = TestDecisions.valid("D-13");
        ServiceDecision unknown = new ServiceDecision("D-14", "179", known.clientId(), known.eventType(), "NEW-PILOT",
                known.decisionDate(), null, null, null, null, known.decisionTime(), known.client());
        Outcome knownAlone;
        Outcome unknownAlone;
        try (Tutka fresh = engine(rules("test.drl", RULES), records -> { })) {
            knownAlone = fresh.evaluate(known);
        }
        try (Tutka fresh = engine(rules("test.drl", RULES), records -> { })) {
            unknownAlone = fresh.evaluate(unknown);
        }

        for (int i = 0; i < 50; i++) {
            assertThat(tutka.evaluate(i % 2 == 0 ? known : unknown)).isEqualTo(i % 2 == 0 ? knownAlone : unknownAlone);
        }
        assertThat(unknownAlone.firedRules()).containsExactly("Long-term unemployed", "Unknown code");
    }

    @Test
    void theCodecAndTheSharedJsonbWriteTheSameBytes() {
        tutka.evaluate(TestDecisions.valid("D-12"));

        assertThat(TutkaJson.write(written.get(0))).isEqualTo(TutkaJson.jsonb().toJson(written.get(0)));
        assertThat(TutkaJson.write(TestDecisions.valid("D-12")))
                .isEqualTo(TutkaJson.jsonb().toJson(TestDecisions.valid("D-12")));
    }

    @Test
    void aReSentDecisionGetsTheSameRecordId() {
        String first = tutka.evaluate(TestDecisions.valid("D-7")).recordIds().get(0);
        String again = tutka.evaluate(TestDecisions.valid("D-7")).recordIds().get(0);
        String other = tutka.evaluate(TestDecisions.valid("D-8")).recordIds().get(0);

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void anUnknownLocalCodeIsAcceptedWithAFlagAndAWarning() {
        ServiceDecision decision = TestDecisions.valid("D-2");
        ServiceDecision unknown = new ServiceDecision(decision.decisionId(), decision.area(), decision.clientId(),
                decision.eventType(), "NEW-PILOT", decision.decisionDate(), decision.startDate(), decision.endDate(),
                decision.cost(), decision.funding(), decision.decisionTime(), decision.client());

        Outcome outcome = tutka.evaluate(unknown);

        assertThat(outcome.qualityFlags()).containsExactly("unknown_service_code");
        assertThat(outcome.warnings()).containsExactly(new Warning("unknown_service_code", "/service_code",
                "local service code NEW-PILOT is unknown"));
        assertThat(outcome.tags()).doesNotContainKey("service_class");
        assertThat(written).hasSize(1);
        assertThat(TutkaJson.write(written.get(0))).contains("\"quality_flags\":[\"unknown_service_code\"]")
                .doesNotContain("\"service_class\"");
    }

    @Test
    void anInvalidDecisionIsRejectedWithEveryFieldAndNothingIsWritten() {
        RecordSink sink = mock(RecordSink.class);
        try (Tutka engine = engine(rules("test.drl", RULES), sink)) {
            ServiceDecision valid = TestDecisions.valid("D-3");
            ServiceDecision bad = new ServiceDecision("D 3", "17", "100190-999X", null, "PT50",
                    valid.decisionDate(), valid.startDate(), valid.startDate().minusDays(1), valid.cost(),
                    valid.funding(), null, valid.client());

            assertThatThrownBy(() -> engine.evaluate(bad))
                    .isInstanceOfSatisfying(TutkaException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DECISION);
                        assertThat(e.fieldErrors()).containsExactly(
                                new FieldError("/decision_id", "must be 1-64 characters of letters, digits and . _ : -"),
                                new FieldError("/area", "must be the area's 3-digit host municipality code, such as \"179\""),
                                new FieldError("/client_id", "not a valid personal identity code: identity code's check character does not match"),
                                new FieldError("/event_type", "is required"),
                                new FieldError("/end_date", "is before start_date"),
                                new FieldError("/decision_time", "is required"));
                        assertThat(e.getMessage()).doesNotContain("100190-999X");
                    });
            verify(sink, never()).append(any());
        }
    }

    @Test
    void anIdentityCodeInAFreeTextFieldIsRejectedNotWritten() {
        ServiceDecision valid = TestDecisions.valid("D-15");
        String code = TestDecisions.identityCode(java.time.LocalDate.of(1990, 7, 12), '-', 955);
        ServiceDecision leaking = new ServiceDecision("D-15", "179", valid.clientId(), valid.eventType(), code,
                valid.decisionDate(), null, null, null, null, valid.decisionTime(),
                new fi.tutka.api.ClientSnapshot("179", "02", null, "x" + code, "fi", null, null));

        assertThatThrownBy(() -> tutka.evaluate(leaking)).isInstanceOfSatisfying(TutkaException.class, e -> {
            assertThat(e.fieldErrors()).containsExactly(
                    new FieldError("/service_code", "holds what looks like a personal identity code; it belongs in "
                            + "client_id only"),
                    new FieldError("/client/education_level", "holds what looks like a personal identity code; it "
                            + "belongs in client_id only"));
            assertThat(e.getMessage()).doesNotContain(code);
        });
        assertThat(written).isEmpty();
    }

    @Test
    void freeTextInACodeIsRejectedNotWrittenAndAnUnknownCodeOfTheShapeIsAccepted() {
        ServiceDecision valid = TestDecisions.valid("D-16");
        String address = "Matti Meikäläinen, Kauppakatu 1 A 2, 40100 Jyväskylä, puh 040 1234567";
        ServiceDecision leaking = new ServiceDecision("D-16", "179", valid.clientId(), valid.eventType(),
                "PT50 " + address, valid.decisionDate(), null, null, null, null, valid.decisionTime(),
                new fi.tutka.api.ClientSnapshot("179", "02", null, address, address, "x".repeat(500_000), null));

        assertThatThrownBy(() -> tutka.evaluate(leaking)).isInstanceOfSatisfying(TutkaException.class, e -> {
            String shape = " characters: letters (A-Z, Å, Ä, Ö, in either case), digits, '.', '_' and '-', "
                    + "beginning with a letter or digit";
            assertThat(e.fieldErrors()).containsExactly(
                    new FieldError("/service_code", "must be a code of at most 32" + shape),
                    new FieldError("/client/education_level", "must be a code of at most 8" + shape),
                    new FieldError("/client/language_group", "must be a code of at most 16" + shape),
                    new FieldError("/client/benefit_type", "must be a code of at most 32" + shape));
            assertThat(e.getMessage()).doesNotContain("Matti").doesNotContain("Kauppakatu").doesNotContain("xxxx");
        });
        assertThat(written).isEmpty();

        Outcome unknown = tutka.evaluate(new ServiceDecision("D-17", "179", valid.clientId(), valid.eventType(),
                "JKL-UUSI-PILOTTI", valid.decisionDate(), null, null, null, null, valid.decisionTime(),
                new fi.tutka.api.ClientSnapshot("179", "02", null, "44", "en", "housing_allowance", null)));
        assertThat(unknown.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(written).hasSize(1);
    }

    @Test
    void aBatchAnswersEachDecisionAndWritesOnlyTheAccepted() {
        ServiceDecision good = TestDecisions.valid("D-4");
        ServiceDecision bad = TestDecisions.valid("D-5", "100190-999X");

        List<DecisionResult> results = tutka.evaluateAll(List.of(good, bad, TestDecisions.valid("D-6")));

        assertThat(results).extracting(DecisionResult::isAccepted).containsExactly(true, false, true);
        assertThat(results.get(1).errors()).extracting(FieldError::pointer).containsExactly("/client_id");
        assertThat(written).extracting(TutkaRecord::id)
                .containsExactly(results.get(0).outcome().recordIds().get(0), results.get(2).outcome().recordIds().get(0));
    }

    @Test
    void noIdentityCodeLeavesTheEngine() {
        Outcome outcome = tutka.evaluate(TestDecisions.valid("D-9"));
        String everything = TutkaJson.write(outcome) + TutkaJson.write(written.get(0))
                + TestDecisions.valid("D-9").toString();

        assertThat(everything).doesNotContain(TestDecisions.CLIENT_ID)
                .doesNotContain(TestDecisions.CLIENT_ID.substring(0, 6));
        assertThat(fi.tutka.internal.Redact.containsIdentityCode(everything)).isFalse();
    }

    @Test
    void aSinkFailureReachesTheCallerAsSinkFailure() {
        RecordSink failing = records -> {
            throw new TutkaException(ErrorCode.SINK_FAILURE, "disk full");
        };
        try (Tutka engine = engine(rules("test.drl", RULES), failing)) {
            assertThatThrownBy(() -> engine.evaluate(TestDecisions.valid("D-10")))
                    .isInstanceOfSatisfying(TutkaException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SINK_FAILURE));
        }
    }

    @Test
    void aCompileErrorNamesFileLineAndColumn() {
        String broken = "package test.rules;\nimport fi.tutka.facts.Decision;\n\nrule \"Broken\"\nwhen\n"
                + "    Decision( age > )\nthen\nend\n";

        assertThatThrownBy(() -> engine(rules("broken.drl", broken), written::addAll))
                .isInstanceOfSatisfying(TutkaException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RULES_COMPILE);
                    assertThat(e.getMessage()).containsPattern("broken\\.drl:6:\\d+: ")
                            .startsWith("RULES_COMPILE: 1 error(s) in rules from test:\n")
                            .doesNotContain("null Package");
                });
    }

    @Test
    void anExceptionInARuleNamesTheRuleAndItsFile() {
        String throwing = "package test.rules;\nimport fi.tutka.facts.Decision;\n"
                + "global fi.tutka.facts.Result result;\n"
                + "rule \"Divides by zero\"\nwhen\n    Decision()\nthen\n    result.tag(\"x\", 1 / 0);\nend\n";
        try (Tutka engine = engine(rules("throwing.drl", throwing), written::addAll)) {
            assertThatThrownBy(() -> engine.evaluate(TestDecisions.valid("D-11")))
                    .isInstanceOfSatisfying(TutkaException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.RULE_EVALUATION);
                        assertThat(e.getMessage()).isEqualTo("RULE_EVALUATION: rule 'Divides by zero' (throwing.drl) "
                                + "failed: ArithmeticException: / by zero");
                    });
            assertThat(written).isEmpty();
        }
    }

    @Test
    void aMissingProviderNamesTheServicesFileAndTheBuilderMethod() {
        assertThatThrownBy(() -> Tutka.builder().ruleSource(rules("test.drl", RULES))
                .settings(Settings.of(Map.of("tutka.rules", "none", "tutka.sink", "kafka")))
                .keyProvider(StaticKeyProvider.of(KEY)).build())
                .isInstanceOfSatisfying(TutkaException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_MISSING);
                    assertThat(e.getMessage()).isEqualTo("PROVIDER_MISSING: no RecordSink named 'kafka' (setting "
                            + "'tutka.sink'); found [jsonl]. Put a jar with a "
                            + "META-INF/services/fi.tutka.spi.ProviderFactory entry for it on the class path, or "
                            + "pass one with Tutka.builder().recordSink(...)");
                });
        assertThatThrownBy(() -> Tutka.builder().discovery(false).ruleSource(rules("test.drl", RULES))
                .keyProvider(StaticKeyProvider.of(KEY)).build())
                .hasMessage("PROVIDER_MISSING: discovery is off and no RecordSink was given: pass one with "
                        + "Tutka.builder().recordSink(...)");
    }

    @Test
    void manyThreadsGetTheSameAnswersAsOne() throws Exception {
        List<ServiceDecision> decisions = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            decisions.add(TestDecisions.valid("D-T" + i, TestDecisions.identityCode(
                    TestDecisions.BIRTH.plusDays(i), i % 2 == 0 ? '-' : 'Y', 900 + i % 100)));
        }
        List<Outcome> single = new ArrayList<>();
        for (ServiceDecision decision : decisions) {
            single.add(tutka.evaluate(decision));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (ServiceDecision decision : decisions) {
                futures.add(pool.submit(() -> tutka.evaluate(decision)));
            }
            for (int i = 0; i < decisions.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(single.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static String resource(String path) throws IOException {
        try (InputStream in = TutkaTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
