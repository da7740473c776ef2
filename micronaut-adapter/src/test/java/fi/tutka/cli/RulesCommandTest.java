package fi.tutka.cli;

import static fi.tutka.cli.TutkaCommandTest.tutka;
import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.cli.TutkaCommandTest.Run;
import fi.tutka.internal.RuleCompiler;
import fi.tutka.providers.DirectoryRuleSource;
import fi.tutka.rules.BundledRules;
import fi.tutka.scenarios.ScenarioEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tutka rules test} and {@code tutka rules version} on an area's rules folder and on the bundled pack. */
class RulesCommandTest {
    /** The bundled pack's own folder, its scenarios beside it. */
    static final Path BUNDLED = Path.of("../rules/src/main/resources/fi/tutka/rules");

    @TempDir
    Path temp;
    Path folder;

    @BeforeEach
    void copyFolder() throws IOException {
        folder = temp.resolve("area-rules");
        RulesValidateCommandTest.copyTree(RulesValidateCommandTest.resource("rules-folder"), folder);
    }

    @Test
    void theBundledPacksScenariosAllPassAndCoverEveryRule() {
        Run run = tutka("rules", "test", "--no-bundled", BUNDLED.toString(), "--coverage");

        String version = RuleCompiler.version(List.of(BundledRules.source()));
        int rules;
        try (ScenarioEngine engine = ScenarioEngine.open(List.of(BundledRules.source()))) {
            rules = engine.ruleCount();
        }
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("Rules:      " + BUNDLED + " alone, " + rules + " rules, version " + version
                + "\nScenarios:  " + BUNDLED.resolve("scenarios") + ", 218 scenarios\n"
                + "218 passed, 0 failed\n"
                + "Coverage:   " + rules + " of " + rules + " rules of " + BUNDLED + " fired in some scenario\n");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void passingScenariosWithARuleNoScenarioExercises() {
        Run run = tutka("rules", "test", folder.toString(), "--coverage");

        assertThat(run.out()).endsWith("Scenarios:  " + folder.resolve("scenarios") + ", 2 scenarios\n"
                + "2 passed, 0 failed\n"
                + "Coverage:   1 of 2 rules of " + folder + " fired in some scenario; not exercised:\n"
                + "  long-term.drl: Outside the areas\n");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(tutka("rules", "test", folder.toString()).exitCode()).as("without --coverage").isZero();
    }

    @Test
    void aFailingScenarioIsADiffOfExpectedAndActual() throws IOException {
        Path file = folder.resolve("long-term.drl");
        Files.writeString(file, Files.readString(file).replace(">= 24", ">= 6"));

        Run run = tutka("rules", "test", folder.toString());

        assertThat(run.out()).contains("\nFAIL long-term.json: 6 months unemployed\n"
                + "    + tags.very_long_term_unemployed = true\n"
                + "    + fired: 'Very long-term unemployed' (must not fire)\n"
                + "    rules fired: [");
        assertThat(run.out()).endsWith("1 passed, 1 failed\n").doesNotContain("FAIL long-term.json: 30 months");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void aRejectedScenarioDecisionNamesTheField() throws IOException {
        Path file = folder.resolve("scenarios/long-term.json");
        Files.writeString(file, Files.readString(file).replace("\"given\": {},", "\"given\": {\"area\": \"17\"},"));

        Run run = tutka("rules", "test", folder.toString());

        assertThat(run.out()).contains("\nFAIL long-term.json: 6 months unemployed\n"
                + "    - verdict: ALLOW\n"
                + "    + rejected: INVALID_DECISION\n"
                + "    +   /area: ");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void aMistakeInAScenarioFileIsNamed() throws IOException {
        Path file = folder.resolve("scenarios/long-term.json");
        Files.writeString(file, Files.readString(file).replace("\"expect\"", "\"expcet\""));

        Run run = tutka("rules", "test", folder.toString());

        assertThat(run.err()).isEqualTo("tutka: RULES_COMPILE: scenarios in " + folder.resolve("scenarios") + ": long-term.json [0] "
                + "'30 months unemployed': unknown key(s) [expcet]; known: [allocations, comment, expect, given, "
                + "name]\n");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void aFolderWithoutScenariosOrNoFolderIsBadUsage() throws IOException {
        Path empty = Files.createDirectory(temp.resolve("empty"));

        Run noScenarios = tutka("rules", "test", empty.toString());
        Run noFolder = tutka("rules", "test", temp.resolve("missing").toString());

        assertThat(noScenarios.err()).isEqualTo("tutka: CONFIGURATION: no scenario folder " + empty.resolve("scenarios")
                + ": write scenarios in DIR/scenarios (_defaults.json and <topic>.json files), or give --scenarios\n");
        assertThat(noScenarios.exitCode()).isEqualTo(2);
        assertThat(noFolder.err()).isEqualTo("tutka: CONFIGURATION: " + temp.resolve("missing")
                + " is not a folder: give the folder that holds your rule files\n");
        assertThat(noFolder.exitCode()).isEqualTo(2);
    }

    @Test
    void versionIsWhatTheEngineStampsAndFollowsRuleFilesOnly() throws IOException {
        Run run = tutka("rules", "version", folder.toString());
        String version;
        try (ScenarioEngine engine = ScenarioEngine.open(List.of(BundledRules.source(),
                new DirectoryRuleSource(folder)))) {
            version = engine.rulesetVersion();
        }
        assertThat(run.out()).isEqualTo(version + "\n").startsWith("area179-2026.1+");
        assertThat(run.exitCode()).isZero();

        Files.writeString(folder.resolve("NOTES.md"), "why the rules are as they are\n");
        Files.writeString(folder.resolve("scenarios/more.json"), "[]");
        assertThat(tutka("rules", "version", folder.toString()).out()).as("notes and scenarios are not rules")
                .isEqualTo(version + "\n");

        Files.writeString(folder.resolve("long-term.drl"), "\n", StandardOpenOption.APPEND);
        assertThat(tutka("rules", "version", folder.toString()).out()).as("a rule file changed")
                .isNotEqualTo(version + "\n").startsWith("area179-2026.1+");

        Files.writeString(folder.resolve("VERSION"), "area179-2026.2\n");
        assertThat(tutka("rules", "version", folder.toString()).out()).startsWith("area179-2026.2+");
        assertThat(tutka("rules", "version", "--no-bundled", BUNDLED.toString()).out())
                .isEqualTo(RuleCompiler.version(List.of(BundledRules.source())) + "\n");
    }

    /** A pay-subsidy decision of 2026-03-02 for a client unemployed since 2023-09-01, education level not given. */
    static final String DECISION = "{\"decision_id\": \"S-1\", \"area\": \"179\", \"client_id\": \"150685-940S\", "
            + "\"event_type\": \"decision\", \"service_code\": \"PT50\", \"decision_date\": \"2026-03-02\", "
            + "\"start_date\": \"2026-03-09\", \"end_date\": \"2026-09-08\", \"cost\": 9000.00, \"funding\": \"state\", "
            + "\"decision_time\": \"2026-03-02T09:15:00+02:00\", \"client\": {\"municipality\": \"179\", "
            + "\"jobseeker_status\": \"02\", \"unemployment_start\": \"2023-09-01\", \"language_group\": \"fi\", "
            + "\"benefit_type\": \"earnings_related\"}}";

    @Test
    void explainTellsRuleByRuleWhatFiredAndWhyNoTrialApplies() throws IOException {
        Path file = Files.writeString(temp.resolve("decision.json"), DECISION);

        Run run = tutka("rules", "explain", folder.toString(), "--decision", file.toString());

        String version = RuleCompiler.version(List.of(BundledRules.source(), new DirectoryRuleSource(folder)));
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("Rules:      " + folder + " with the bundled pack, 71 rules, version " + version
                + "\n"
                + "Decision:   S-1: decision of PT50 in area 179 on 2026-03-02 (Helsinki)\n"
                + "\n"
                + "Rules fired, in order (8):\n"
                + "   1. Regime: Nordic service model 2022-05-02  (regimes.drl)\n"
                + "        tag regime.nordic_model_2022 = post\n"
                + "        tag running_days.nordic_model_2022 = 1400\n"
                + "   2. Very long-term unemployed  (long-term.drl)\n"
                + "        tag very_long_term_unemployed = true\n"
                + "   3. Regime: TE reform 2025-01-01  (regimes.drl)\n"
                + "        tag regime.te_reform_2025 = post\n"
                + "        tag running_days.te_reform_2025 = 425\n"
                + "   4. Service codes 179_11  (service-codes-179.csv)\n"
                + "   5. Service class  (classification.drl)\n"
                + "        class pay_subsidy_50\n"
                + "        tag service_class = pay_subsidy_50\n"
                + "        tag statutory = true\n"
                + "        tag statutory_basis = 380/2023\n"
                + "   6. Long-term unemployed  (tags.drl)\n"
                + "        tag long_term_unemployed = true\n"
                + "   7. Missing education level  (quality.drl)\n"
                + "        flag missing_education_level (/client/education_level)\n"
                + "   8. Regime: service model changes 2026-01-01  (regimes.drl)\n"
                + "        tag regime.service_model_2026 = post\n"
                + "        tag running_days.service_model_2026 = 60\n"
                + "\n"
                + "Trials:\n"
                + "  older-long-term-unemployed-2026: not recruiting or enforced in area 179 on 2026-03-02\n"
                + "  youth-coaching-2026: not recruiting or enforced in area 179 on 2026-03-02\n"
                + "\n"
                + "Verdict:    ALLOW\n"
                + "Tags:       {long_term_unemployed=true, regime.nordic_model_2022=post, regime.service_model_2026=post, "
                + "regime.te_reform_2025=post, running_days.nordic_model_2022=1400, running_days.service_model_2026=60, "
                + "running_days.te_reform_2025=425, service_class=pay_subsidy_50, statutory=true, "
                + "statutory_basis=380/2023, very_long_term_unemployed=true}\n"
                + "Flags:      [missing_education_level]\n"
                + "Warnings:   [missing_education_level]\n");
        assertThat(run.out()).doesNotContain("150685");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void explainTellsWhyATrialsClientIsNotEligible() throws IOException {
        Path file = Files.writeString(temp.resolve("decision.json"), DECISION.replace("2026-03-02", "2026-09-15")
                .replace("\"PT50\"", "\"VALM-TEHO\"").replace("150685-940S", "150996-9124")
                .replace("2023-09-01", "2026-06-01"));

        Run run = tutka("rules", "explain", "--no-bundled", BUNDLED.toString(), "--decision", file.toString());

        assertThat(run.out()).contains("\nTrials:\n"
                + "  older-long-term-unemployed-2026: not recruiting or enforced in area 179 on 2026-09-15\n"
                + "  youth-coaching-2026: not eligible, ALLOW\n"
                + "      met:    youth-coaching-2026: a referral or a decision\n"
                + "      met:    youth-coaching-2026: jobseeker status 02 (unemployed)\n"
                + "      met:    youth-coaching-2026: unemployed for at least 3 months\n"
                + "      unmet:  youth-coaching-2026: aged 18 to 29\n");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void explainReadsOneLineOfADecisionsFile() throws IOException {
        Path file = Files.writeString(temp.resolve("decisions.jsonl"), "{}\n" + DECISION + "\n");

        Run second = tutka("rules", "explain", folder.toString(), "--decision", file.toString(), "--line", "2");
        Run first = tutka("rules", "explain", folder.toString(), "--decision", file.toString(), "--line", "1");
        Run none = tutka("rules", "explain", folder.toString(), "--decision", file.toString(), "--line", "3");

        assertThat(second.out()).contains("Decision:   S-1: decision of PT50 in area 179 on 2026-03-02 (Helsinki)\n");
        assertThat(second.exitCode()).isZero();
        assertThat(first.err()).startsWith("tutka: INVALID_DECISION: decision rejected: /decision_id: is required; ");
        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(none.err()).isEqualTo("tutka: CONFIGURATION: --line 3: " + file + " has no decision on that line "
                + "(it has 2 lines)\n");
        assertThat(none.exitCode()).isEqualTo(2);
    }
}
