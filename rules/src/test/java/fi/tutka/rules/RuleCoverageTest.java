package fi.tutka.rules;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.internal.RuleCompiler;
import fi.tutka.scenarios.ScenarioEngine;
import fi.tutka.scenarios.Scenarios;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every rule of the bundled pack, decision-table rows included, fires in at least one scenario. */
class RuleCoverageTest {

    @Test
    void everyBundledRuleFiresInSomeScenario() {
        try (ScenarioEngine engine = ScenarioEngine.open(List.of(BundledRules.source()))) {
            for (Scenarios.Scenario scenario : Scenarios.load(ScenarioTest.folder())) {
                engine.check(scenario);
            }
            assertThat(engine.rules(BundledRules.source())).as("the bundled pack's rules, each with its file")
                    .hasSize(engine.ruleCount()).allMatch(rule -> !rule.file().isEmpty());
            List<RuleCompiler.RuleOrigin> uncovered = engine.uncovered(BundledRules.source());
            assertThat(uncovered).as("rules that fired in no scenario (add a scenario to fi/tutka/rules/scenarios)")
                    .isEmpty();
        }
    }
}
