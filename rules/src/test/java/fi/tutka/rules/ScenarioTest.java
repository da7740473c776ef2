package fi.tutka.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import fi.tutka.scenarios.ScenarioEngine;
import fi.tutka.scenarios.Scenarios;
import fi.tutka.api.Outcome;
import fi.tutka.api.TrialVerdict;
import fi.tutka.api.Verdict;
import fi.tutka.api.Warning;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every scenario in the bundled pack's {@code scenarios} folder against the bundled rules: one test a scenario, named
 * {@code <file>: <scenario>}, failing with the differences between the expected and the actual outcome.
 */
class ScenarioTest {
    private static ScenarioEngine engine;

    @BeforeAll
    static void start() {
        engine = ScenarioEngine.open(List.of(BundledRules.source()));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** The bundled pack's scenario folder, {@code fi/tutka/rules/scenarios}, on the class path. */
    static Path folder() {
        URL url = ScenarioTest.class.getResource("/" + BundledRules.FOLDER + "/scenarios/" + Scenarios.DEFAULTS_FILE);
        if (url == null) {
            throw new IllegalStateException(BundledRules.FOLDER + "/scenarios/" + Scenarios.DEFAULTS_FILE
                    + " is not on the class path");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> scenarios() {
        Path folder = folder();
        return Scenarios.load(folder).stream().map(scenario -> dynamicTest(scenario.displayName(),
                folder.resolve(scenario.file()).toUri(), () -> {
                    Scenarios.Check check = engine.check(scenario);
                    if (!check.passed()) {
                        fail(check.report());
                    }
                }));
    }

    // The format itself.

    @Test
    void bornShorthandGivesValidTemporaryCodesWithVaryingCenturySigns() {
        assertThat(Scenarios.identityCode(LocalDate.of(1990, 1, 10), '-', 999)).isEqualTo("100190-999P");
        assertThat(Scenarios.identityCode(LocalDate.of(1990, 1, 10), 'Y', 999)).isEqualTo("100190Y999P");
        assertThat(Scenarios.identityCode(LocalDate.of(2004, 2, 29), 'A', 900))
                .isEqualTo("290204A900" + fi.tutka.internal.IdentityCode.checkCharacter(LocalDate.of(2004, 2, 29), 900));
        assertThatThrownBy(() -> Scenarios.identityCode(LocalDate.of(1990, 1, 10), 'A', 999))
                .hasMessageContaining("century sign 'A'");
        assertThatThrownBy(() -> Scenarios.identityCode(LocalDate.of(1990, 1, 10), '-', 123))
                .hasMessageContaining("900-999");

        Set<Character> signs = new TreeSet<>();
        for (Scenarios.Scenario scenario : Scenarios.load(folder())) {
            JsonObject decision = Json.createReader(new StringReader(scenario.decision())).readObject();
            String code = decision.getString("client_id");
            assertThat(Integer.parseInt(code.substring(7, 10))).as(scenario.displayName()).isBetween(900, 999);
            signs.add(code.charAt(6));
        }
        assertThat(signs).as("century signs used by the suite").contains('-').containsAnyOf('Y', 'X', 'W', 'V', 'U')
                .containsAnyOf('A', 'B', 'C', 'D', 'E', 'F');
    }

    @Test
    void givenFieldsOverTheDefaultsWithTheClientMergedFieldByField() {
        JsonObject defaults = Json.createObjectBuilder()
                .add("area", "179").add("client_id", "100190-999P")
                .add("client", Json.createObjectBuilder().add("municipality", "179").add("jobseeker_status", "02"))
                .build();
        String file = "[{\"name\": \"n\", \"given\": {\"area\": \"837\", \"born\": \"2001-03-04\", \"century_sign\": \"B\","
                + " \"client\": {\"jobseeker_status\": \"03\", \"education_level\": null}},"
                + " \"expect\": {\"tags\": {}, \"quality_flags\": [], \"warnings\": [], \"verdict\": \"ALLOW\"}}]";
        JsonObject decision = Json.createReader(new StringReader(
                Scenarios.parse("t.json", file, defaults).get(0).decision())).readObject();
        assertThat(decision.getString("area")).isEqualTo("837");
        assertThat(decision.getString("client_id")).startsWith("040301B9");
        assertThat(decision.containsKey("born")).isFalse();
        assertThat(decision.getJsonObject("client").toString())
                .isEqualTo("{\"municipality\":\"179\",\"jobseeker_status\":\"03\",\"education_level\":null}");
    }

    @Test
    void tableRowsBecomeScenarios() {
        String file = "[{\"table\": \"codes\", \"given\": {\"area\": \"179\"},"
                + " \"expect\": {\"tags\": {\"a\": \"1\", \"b\": \"2\"}, \"quality_flags\": [], \"warnings\": [], \"verdict\": \"ALLOW\"},"
                + " \"columns\": [\"/given/service_code\", \"/expect/tags/b\", \"/expect/tags/x~1y\", \"/expect/fired\"],"
                + " \"rows\": [[\"PT50\", \"3\", \"z\", [\"R_11\"]], [\"PT70\", null, null, []]]}]";
        List<Scenarios.Scenario> rows = Scenarios.parse("t.json", file, JsonObject.EMPTY_JSON_OBJECT);
        assertThat(rows).extracting(Scenarios.Scenario::displayName).containsExactly("t.json: codes: PT50", "t.json: codes: PT70");
        assertThat(rows.get(0).decision()).isEqualTo("{\"area\":\"179\",\"service_code\":\"PT50\"}");
        assertThat(rows.get(0).expect().tags()).containsExactly(
                java.util.Map.entry("a", "1"), java.util.Map.entry("b", "3"), java.util.Map.entry("x/y", "z"));
        assertThat(rows.get(0).expect().fired()).containsExactly("R_11");
        assertThat(rows.get(1).expect().tags()).containsExactly(java.util.Map.entry("a", "1"));
    }

    @Test
    void mistakesInAScenarioFileAreNamed() {
        String expect = "\"expect\": {\"tags\": {}, \"quality_flags\": [], \"warnings\": [], \"verdict\": \"ALLOW\"}";
        assertThatThrownBy(() -> Scenarios.parse("t.json", "[{\"name\": \"n\", \"given\": {}, \"expect\": {\"tags\": {}}}]",
                JsonObject.EMPTY_JSON_OBJECT)).hasMessageContaining("t.json [0] 'n': expect.");
        assertThatThrownBy(() -> Scenarios.parse("t.json", "[{\"name\": \"n\", \"givne\": {}, " + expect + "}]",
                JsonObject.EMPTY_JSON_OBJECT)).hasMessageContaining("unknown key(s) [givne]");
        assertThatThrownBy(() -> Scenarios.parse("t.json", "[{\"name\": \"n\", \"given\": {}, \"expect\": {\"tags\": {\"d\": -1},"
                + " \"quality_flags\": [], \"warnings\": [], \"verdict\": \"ALLOW\"}}]", JsonObject.EMPTY_JSON_OBJECT))
                .hasMessageContaining("write \"-1\"");
        assertThatThrownBy(() -> Scenarios.parse("t.json", "[{\"name\": \"n\", \"given\": {}, \"expect\": {\"tags\": {},"
                + " \"quality_flags\": [\"b\", \"a\"], \"warnings\": [], \"verdict\": \"ALLOW\"}}]", JsonObject.EMPTY_JSON_OBJECT))
                .hasMessageContaining("sorted");
        assertThatThrownBy(() -> Scenarios.parse("t.json", "[{\"name\": \"n\", \"given\": {}, " + expect + "},"
                + " {\"name\": \"n\", \"given\": {}, " + expect + "}]", JsonObject.EMPTY_JSON_OBJECT))
                .hasMessageContaining("'n' is used twice");
    }

    @Test
    void differencesReadAsAddedMissingAndChangedTags() {
        Scenarios.Expectation expect = new Scenarios.Expectation(
                new TreeMap<>(java.util.Map.of("kept", "1", "changed", "old", "missing", "x")),
                List.of("a_flag"), List.of("a_flag"), Verdict.FLAG, List.of("Rule A"), List.of("Rule B"),
                List.of("t: eligible, arm a (allocated now), ALLOW"));
        Outcome outcome = new Outcome("S-1", Verdict.ALLOW, "", "s", "k",
                new TreeMap<>(java.util.Map.of("kept", "1", "changed", "new", "added", "y")),
                List.of(), List.of(new Warning("other", "", "")), List.of("Rule B"),
                List.of(new TrialVerdict("t", false, List.of(), List.of("t: aged 18 to 29"), null, false, true,
                        Verdict.ALLOW, "Not eligible: t: aged 18 to 29.")), "v", List.of());
        assertThat(Scenarios.compare(expect, outcome)).containsExactly(
                "+ tags.added = y",
                "- tags.changed = old",
                "+ tags.changed = new",
                "- tags.missing = x",
                "- quality_flags: [a_flag]",
                "+ quality_flags: []",
                "- warnings: [a_flag]",
                "+ warnings: [other]",
                "- verdict: FLAG",
                "+ verdict: ALLOW",
                "- fired: 'Rule A' (did not fire)",
                "+ fired: 'Rule B' (must not fire)",
                "- trials: [t: eligible, arm a (allocated now), ALLOW]",
                "+ trials: [t: not eligible (unmet: t: aged 18 to 29), no arm, ALLOW]");
        assertThat(Scenarios.compare(new Scenarios.Expectation(outcome.tags(), List.of(),
                List.of("other"), Verdict.ALLOW, List.of("Rule B"), List.of(), null), outcome)).isEmpty();
        assertThat(outcome.tags().keySet().stream().collect(Collectors.joining(","))).isEqualTo("added,changed,kept");
    }
}
