package fi.tutka.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import fi.tutka.Tutka;
import fi.tutka.internal.RuleCompiler;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/** Every rule of the bundled pack, decision-table rows included, fires in at least one scenario. */
class RuleCoverageTest {

    @Test
    void everyBundledRuleFiresInSomeScenario() {
        Set<String> rules = new TreeSet<>();
        for (KiePackage pack : RuleCompiler.compile(List.of(BundledRules.source())).kieBase().getKiePackages()) {
            for (Rule rule : pack.getRules()) {
                rules.add(rule.getName());
            }
        }
        assertTrue(!rules.isEmpty(), "the bundled pack compiled to no rules");
        Set<String> fired = new TreeSet<>();
        try (ScenarioLedger ledger = new ScenarioLedger(); Tutka tutka = ScenarioTest.engine(ledger)) {
            for (Scenarios.Scenario scenario : Scenarios.load(ScenarioTest.folder())) {
                fired.addAll(Scenarios.run(tutka, ledger, scenario).firedRules());
            }
        }
        Set<String> uncovered = new TreeSet<>(rules);
        uncovered.removeAll(fired);
        assertTrue(uncovered.isEmpty(), () -> uncovered.size() + " of " + rules.size()
                + " rules fired in no scenario (add a scenario under src/test/resources/scenarios):\n  "
                + String.join("\n  ", uncovered));
    }
}
