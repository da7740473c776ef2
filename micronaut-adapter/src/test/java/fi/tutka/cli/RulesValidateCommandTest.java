package fi.tutka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.cli.TutkaCommandTest.Run;
import fi.tutka.internal.RuleCompiler;
import fi.tutka.providers.DirectoryRuleSource;
import fi.tutka.rules.BundledRules;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code tutka rules validate} on real rule folders: one folder for each kind of mistake under
 * {@code broken-rules/}, each compiled with the bundled pack as the engine would, and a valid folder.
 */
class RulesValidateCommandTest {
    static final String DECISION_FIELDS = "age, area, benefitType, birthYear, cost, decisionDate, educationLevel, "
            + "endDate, eventType, funding, jobseekerStatus, languageGroup, localDate, monthsSinceGraduation, "
            + "municipality, serviceCode, startDate, temporaryId, unemploymentDays, unemploymentMonths, "
            + "unemploymentStart";
    static final String FACTS = "ClientAllocation, Decision, ServiceClass and TrialCheck, each imported from "
            + "fi.tutka.facts";
    static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    /** Every folder of broken-rules, with the exact problem lines the command must print for it. */
    static final Map<String, List<String>> BROKEN = new TreeMap<>(Map.ofEntries(
            Map.entry("missing-end", List.of("tags.drl:17:5: [ERR 102] mismatched input 'result' in rule \"Very "
                    + "long-term unemployed\" hint: rule \"Very long-term unemployed\" (line 7) has no 'end' before "
                    + "the rule on line 13: write 'end' after its actions")),
            Map.entry("missing-then", List.of("tags.drl:11:1: [ERR 102] mismatched input 'end' in rule \"Aged 60 or "
                    + "over\" hint: rule \"Aged 60 or over\" (line 7) has no 'then': write 'then' on a line of its "
                    + "own between its conditions and its actions")),
            Map.entry("unbalanced-parentheses", List.of("tags.drl:10:1: [ERR 102] mismatched input 'then' in rule "
                    + "\"Young and long-term unemployed\" hint: the '(' on line 9, column 13 is not closed: add ')' "
                    + "where its conditions end")),
            Map.entry("syntax-error", List.of("tags.drl:16:27: [ERR 101] no viable alternative at input ')' in rule "
                    + "\"Under 20\" hint: '&&' must be followed by a value or a condition before ')'")),
            Map.entry("unknown-fact-type", List.of("tags.drl:9:5: Unable to resolve ObjectType 'Decison' hint: there "
                    + "is no fact type 'Decison'; did you mean 'Decision' (import fi.tutka.facts.Decision;)? Rules "
                    + "can match " + FACTS)),
            Map.entry("missing-import", List.of("tags.drl:7:5: Unable to resolve ObjectType 'Decision' hint: "
                    + "Decision is a fact, but this file does not import it: add 'import fi.tutka.facts.Decision;' "
                    + "below the package line")),
            Map.entry("misspelt-field", List.of(
                    "tags.drl:9:15: Unable to Analyse Expression unemploymentMonth != null: unable to resolve method "
                            + "using strict-mode: fi.tutka.facts.Decision.unemploymentMonth() hint: Decision has no "
                            + "field 'unemploymentMonth'; did you mean 'unemploymentMonths'? Its fields: "
                            + DECISION_FIELDS,
                    "tags.drl:9:42: Unable to Analyse Expression unemploymentMonth >= 24: unable to resolve method "
                            + "using strict-mode: fi.tutka.facts.Decision.unemploymentMonth() hint: Decision has no "
                            + "field 'unemploymentMonth'; did you mean 'unemploymentMonths'? Its fields: "
                            + DECISION_FIELDS)),
            Map.entry("wrong-field-type", List.of("tags.drl:10:15: Unable to Analyse Expression temporaryId == 1: "
                    + "Comparison operation requires compatible types. Found boolean and class java.lang.Integer "
                    + "hint: temporaryId is true or false, so it cannot be compared with a whole number: write "
                    + "'temporaryId' (true) or '!temporaryId' (false)")),
            Map.entry("unquoted-date", List.of("tags.drl:9:47: Cannot extract timestamp from 2024 hint: startDate is "
                    + "a date, and 2026-01-01 without quotes is the number 2024: compare it with a date, startDate >= "
                    + "java.time.LocalDate.parse(\"2026-01-01\")")),
            Map.entry("misspelt-method", List.of("tags.drl:11:12: Rule Compilation error The method tags(String, "
                    + "String) is undefined for the type Result hint: Result has no method 'tags(String, String)'; "
                    + "did you mean 'tag'? Its methods: classify(ServiceClass), fired(String), flag(String, String, "
                    + "String), hasTag(String), tag(String, Object), tag(String, String)")),
            Map.entry("unknown-global", List.of("tags.drl:11:5: Rule Compilation error results cannot be resolved "
                    + "hint: 'results' is not declared; did you mean the global 'result'?")),
            Map.entry("duplicate-rule-name", List.of("tags.drl:7:1: Duplicate rule name: Aged 60 or over hint: rule "
                    + "\"Aged 60 or over\" is also in older.drl (line 8), in the same package (area179.rules): rule "
                    + "names must be unique within a package; rename one of them")),
            Map.entry("table-unknown-field", List.of("pilot-codes-179.csv:8:22: Unable to Analyse Expression "
                    + "serviceKode == \"PILOT-VALM\": unable to resolve method using strict-mode: "
                    + "fi.tutka.facts.Decision.serviceKode() (and 2 more rows like it) hint: cell B8 (CONDITION): "
                    + "Decision has no field 'serviceKode'; did you mean 'serviceCode'? Its fields: "
                    + DECISION_FIELDS)),
            Map.entry("table-column-without-fact-type", List.of("pilot-codes-179.csv:7:10: [ERR 102] mismatched "
                    + "input '==' in rule \"Pilot codes_10\" (and 2 more rows like it) hint: cell B7 (CONDITION): "
                    + "the fact type is missing: write the fact the code of cell B8 is about (such as Decision) "
                    + "here; in a CSV table every CONDITION column names its own")),
            Map.entry("table-without-ruletable", List.of("pilot-codes-179.csv:5:1: No RuleTable cells in "
                    + "spreadsheet. hint: a decision table starts with a cell 'RuleTable <name>' right above its "
                    + "CONDITION and ACTION headers: write 'RuleTable <name>' in cell A4")),
            Map.entry("trial-bad-weights", List.of("sms-reminders-2027.trial.json:8:3: /arms: weights sum to 9000, "
                    + "not 10000 (basis points: 5000 and 5000 is 1:1)")),
            Map.entry("trial-exclusive-with-unknown", List.of("trials/sms-reminders-2027.trial.json:12:45: "
                    + "/exclusive_with/1: names trial 'youth-coaching-2027', which is not loaded; loaded trials: "
                    + "[older-long-term-unemployed-2026, sms-reminders-2027, youth-coaching-2026]")),
            Map.entry("trial-without-eligibility", List.of("sms-reminders-2027.trial.json:1:1: the eligibility rules "
                    + "are missing: write them in sms-reminders-2027.drl, one rule a criterion, each matching "
                    + "TrialCheck(trialId == \"sms-reminders-2027\") hint: sms-reminder-2027.drl matches "
                    + "TrialCheck(trialId == \"sms-reminders-2027\"): rename it sms-reminders-2027.drl")),
            Map.entry("eligibility-without-trialcheck", List.of("sms-reminders-2027.drl:13:1: rule "
                    + "'sms-reminders-2027: has a phone' does not match TrialCheck(trialId == \"sms-reminders-2027\"): "
                    + "without it the rule runs on every decision"))));

    static Path resource(String name) {
        try {
            return Path.of(RulesValidateCommandTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> brokenFolders() {
        return BROKEN.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    static String lines(List<String> lines) {
        return String.join(NL, lines) + NL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFolders")
    void aBrokenFolderIsNamedAtTheMistakeWithAHint(String kind, List<String> problems) {
        Path folder = resource("broken-rules/" + kind);

        Run run = TutkaCommandTest.tutka("rules", "validate", folder.toString());

        assertThat(run.out()).isEqualTo(lines(problems) + problems.size() + " error" + (problems.size() == 1 ? ""
                : "s") + ": " + folder + " is not usable with the bundled pack" + NL);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void everyBrokenFolderHasItsExpectedProblems() throws IOException {
        try (Stream<Path> folders = Files.list(resource("broken-rules"))) {
            assertThat(folders.map(f -> f.getFileName().toString()).sorted()).containsExactlyElementsOf(
                    BROKEN.keySet());
        }
    }

    @Test
    void aValidFolderOnItsOwnGivesItsRulesTrialsAndVersion() {
        Path folder = resource("valid-rules");

        Run run = TutkaCommandTest.tutka("rules", "validate", folder.toString(), "--no-bundled");

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo(lines(List.of(
                "Rules:            6",
                "Trials:           sms-reminders-2027",
                "Ruleset version:  area179-pilots-3+08abeaf7b906",
                "Rules OK: " + folder + " is usable on its own")));
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void aValidFolderWithTheBundledPackGivesWhatTheEngineLoads() {
        Path folder = resource("valid-rules");
        RuleCompiler.CompiledRules engine = RuleCompiler.compile(List.of(BundledRules.source(),
                new DirectoryRuleSource(folder)));
        RuleCompiler.CompiledRules bundled = RuleCompiler.compile(List.of(BundledRules.source()));

        Run run = TutkaCommandTest.tutka("rules", "validate", folder.toString());

        assertThat(engine.ruleCount()).isEqualTo(bundled.ruleCount() + 6);
        assertThat(run.out()).isEqualTo(lines(List.of(
                "Rules:            " + engine.ruleCount(),
                "Trials:           older-long-term-unemployed-2026, sms-reminders-2027, youth-coaching-2026",
                "Ruleset version:  " + engine.version(),
                "Rules OK: " + folder + " is usable with the bundled pack")));
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void scenarioFilesAreNeitherCompiledNorPartOfTheVersion() throws IOException {
        Path copy = dir.resolve("rules");
        copyTree(resource("valid-rules"), copy);
        Files.writeString(copy.resolve("scenarios/broken.drl"), "rule \"no end\"\nwhen\nthen\n");
        Files.writeString(copy.resolve("scenarios/sms-reminders-2027.trial.json"), "{\"not\": \"a trial\"}");
        Run withScenarios = TutkaCommandTest.tutka("rules", "validate", copy.toString(), "--no-bundled");
        deleteTree(copy.resolve("scenarios"));

        Run without = TutkaCommandTest.tutka("rules", "validate", copy.toString(), "--no-bundled");

        assertThat(withScenarios.exitCode()).as(withScenarios.out()).isZero();
        assertThat(withScenarios.out()).contains("Ruleset version:  area179-pilots-3+08abeaf7b906")
                .isEqualTo(without.out());
    }

    @Test
    void theBundledPacksOwnFolderIsValidatedOnItsOwn() {
        Path pack = Path.of("../rules/src/main/resources/fi/tutka/rules").toAbsolutePath().normalize();
        RuleCompiler.CompiledRules engine = RuleCompiler.compile(List.of(new DirectoryRuleSource(pack)));

        Run alone = TutkaCommandTest.tutka("rules", "validate", pack.toString(), "--no-bundled");
        Run twice = TutkaCommandTest.tutka("rules", "validate", pack.toString());

        assertThat(alone.out()).isEqualTo(lines(List.of(
                "Rules:            " + engine.ruleCount(),
                "Trials:           older-long-term-unemployed-2026, youth-coaching-2026",
                "Ruleset version:  " + engine.version(),
                "Rules OK: " + pack + " is usable on its own")));
        assertThat(alone.exitCode()).isZero();
        String hint = " hint: two rule sources hold a file of this name: if this folder is a copy of the bundled "
                + "pack, load it without the pack (setting 'tutka.rules=none', or tutka rules validate --no-bundled)";
        assertThat(twice.out()).isEqualTo(lines(List.of(
                "trials/older-long-term-unemployed-2026.trial.json:1:1: is given twice" + hint,
                "trials/youth-coaching-2026.trial.json:1:1: is given twice" + hint,
                "2 errors: " + pack + " is not usable with the bundled pack")));
        assertThat(twice.exitCode()).isEqualTo(1);
    }

    @Test
    void aPathThatIsNotAFolderIsBadUsage() throws IOException {
        Path file = Files.writeString(dir.resolve("tags.drl"), "package p;\n");

        Run missing = TutkaCommandTest.tutka("rules", "validate", dir.resolve("nope").toString());
        Run notFolder = TutkaCommandTest.tutka("rules", "validate", file.toString());

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).isEqualTo("tutka: CONFIGURATION: " + dir.resolve("nope") + " is not a folder: give "
                + "the folder that holds your rule files" + NL);
        assertThat(notFolder.exitCode()).isEqualTo(2);
        assertThat(notFolder.err()).isEqualTo("tutka: CONFIGURATION: " + file + " is not a folder: give the folder "
                + "that holds your rule files" + NL);
    }

    @Test
    void aFolderWithoutRuleFilesOnItsOwnIsNotUsable() {
        Run run = TutkaCommandTest.tutka("rules", "validate", dir.toString(), "--no-bundled");

        assertThat(run.out()).isEqualTo(lines(List.of("no rule files (.drl, .csv, .xlsx) in " + dir,
                "1 error: " + dir + " is not usable on its own")));
        assertThat(run.exitCode()).isEqualTo(1);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }
}
