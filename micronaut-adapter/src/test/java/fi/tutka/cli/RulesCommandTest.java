package fi.tutka.cli;

import static fi.tutka.cli.TutkaCommandTest.tutka;
import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.cli.TutkaCommandTest.Run;
import fi.tutka.internal.RuleCompiler;
import fi.tutka.providers.DirectoryRuleSource;
import fi.tutka.rules.BundledRules;
import fi.tutka.scenarios.ScenarioEngine;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
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
    void copyFolder() throws IOException, URISyntaxException {
        Path fixture = Path.of(RulesCommandTest.class.getResource("/rules-folder").toURI());
        folder = temp.resolve("area-rules");
        try (Stream<Path> files = Files.walk(fixture)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, folder.resolve(fixture.relativize(file).toString()));
            }
        }
    }

    @Test
    void theBundledPacksScenariosAllPassAndCoverEveryRule() {
        Run run = tutka("rules", "test", "--no-bundled", BUNDLED.toString(), "--coverage");

        String version = RuleCompiler.version(List.of(BundledRules.source()));
        int rules;
        try (ScenarioEngine engine = ScenarioEngine.open(List.of(BundledRules.source()))) {
            rules = engine.tutka().ruleCount();
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
            version = engine.tutka().rulesetVersion();
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
}
