package fi.tutka.rules;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.api.Outcome;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TutkaException;
import fi.tutka.codec.TutkaJson;
import fi.tutka.internal.RuleCompiler;
import fi.tutka.providers.DirectoryRuleSource;
import fi.tutka.sample.SampleGenerator;
import fi.tutka.scenarios.ScenarioEngine;
import fi.tutka.scenarios.Scenarios;
import fi.tutka.spi.RuleSource;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The jar carries the bundled rules' compiled image (made by the build), which Tutka loads instead of compiling: it
 * must be of the rule files as they are, and decide every decision as the rules compiled from those files do.
 */
class CompiledImageTest {
    /** The bundled rule files as a folder: compiled from the files, never from the image. */
    static final RuleSource FILES = new DirectoryRuleSource(Path.of("src/main/resources", BundledRules.FOLDER));

    @Test
    void theBundledRulesLoadFromTheImageOfTheirFiles() {
        RuleCompiler.CompiledRules imaged = RuleCompiler.compile(List.of(BundledRules.source()));
        RuleCompiler.CompiledRules compiled = RuleCompiler.compile(List.of(FILES));

        assertThat(imaged.fromImage()).as("loaded from " + BundledRules.FOLDER + "/compiled.rules").isTrue();
        assertThat(compiled.fromImage()).isFalse();
        assertThat(imaged.version()).isEqualTo(compiled.version());
        assertThat(imaged.ruleCount()).isEqualTo(compiled.ruleCount()).isEqualTo(69);
        assertThat(imaged.rules()).map(rule -> rule.file() + ": " + rule.rule())
                .isEqualTo(compiled.rules().stream().map(rule -> rule.file() + ": " + rule.rule()).toList());
        assertThat(imaged.trials()).map(trial -> trial.id() + " " + trial.criteria())
                .isEqualTo(compiled.trials().stream().map(trial -> trial.id() + " " + trial.criteria()).toList());
    }

    /** Both areas' first half-year of 2026: tags, service classes, regimes, costs and quality flags, all equal. */
    @Test
    void imageAndRuleFilesGiveTheSameOutcomeForEveryDecisionOfASampleHalfYear() {
        int compared = 0;
        try (ScenarioEngine imaged = ScenarioEngine.open(List.of(BundledRules.source()));
                ScenarioEngine compiled = ScenarioEngine.open(List.of(FILES))) {
            for (String area : List.of("179", "837")) {
                StringWriter lines = new StringWriter();
                SampleGenerator.builder().area(area).halfYear(2026, 1).seed(7L).scale(0.1).build().write(lines);
                for (String line : lines.toString().split("\n")) {
                    ServiceDecision decision;
                    try {
                        decision = TutkaJson.readDecision(line);
                    } catch (TutkaException e) {
                        continue; // the sample's deliberately bad lines
                    }
                    assertThat(outcome(imaged, decision)).as(decision.decisionId())
                            .isEqualTo(outcome(compiled, decision));
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(4_000);
    }

    /** The trials' edges are in the scenarios, which the image passes (ScenarioTest): so must the rule files. */
    @Test
    void theRulesCompiledFromTheFilesPassEveryBundledScenario() {
        List<Scenarios.Scenario> scenarios = Scenarios.load(ScenarioTest.folder());
        try (ScenarioEngine compiled = ScenarioEngine.open(List.of(FILES))) {
            assertThat(scenarios).allSatisfy(scenario -> assertThat(compiled.check(scenario).differences())
                    .as(scenario.displayName()).isEmpty());
        }
        assertThat(scenarios).hasSizeGreaterThan(30);
    }

    static Outcome outcome(ScenarioEngine engine, ServiceDecision decision) {
        try {
            return engine.explain(decision).outcome();
        } catch (TutkaException e) {
            return null; // rejected by both, or the comparison fails
        }
    }
}
