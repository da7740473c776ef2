package fi.tutka.scenarios;

import fi.tutka.api.FieldError;
import fi.tutka.api.Outcome;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TutkaException;
import fi.tutka.codec.TutkaJson;
import fi.tutka.facts.Result;
import fi.tutka.internal.Evaluator;
import fi.tutka.internal.Intake;
import fi.tutka.internal.RuleCompiler;
import fi.tutka.internal.RuleLimits;
import fi.tutka.spi.AllocationRequest;
import fi.tutka.spi.HmacKey;
import fi.tutka.spi.KeyProvider;
import fi.tutka.spi.RuleSource;
import fi.tutka.trials.Trial;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs scenarios against rules: the engine's evaluator on the given rule sources with fixed test keys (so that a
 * keyed-hash arm is the same on every machine) and a real allocation ledger (H2 in memory) emptied before every
 * scenario; records and identity codes are never written. Not thread-safe: one scenario at a time.
 *
 * <pre>
 * try (ScenarioEngine engine = ScenarioEngine.open(List.of(new DirectoryRuleSource(rules)))) {
 *     for (Scenarios.Scenario scenario : Scenarios.load(rules.resolve("scenarios"))) {
 *         Scenarios.Check check = engine.check(scenario);
 *     }
 * }
 * </pre>
 */
public final class ScenarioEngine implements AutoCloseable {
    /** The pseudonymisation key of every scenario: 32 zero bytes. */
    static final HmacKey PSEUDONYM_KEY = new HmacKey("test-1", new byte[32]);
    /** The trial key of every trial in a scenario: 32 zero bytes. */
    static final HmacKey TRIAL_KEY = new HmacKey("trial-test-1", new byte[32]);

    /** Generous, so that a loaded test machine fails no scenario on time; the firing limit is the engine's. */
    static final RuleLimits LIMITS = RuleLimits.DEFAULT.withBudget(Duration.ofSeconds(5));

    private final RuleCompiler.CompiledRules rules;
    private final ScenarioLedger ledger = new ScenarioLedger();
    private final Evaluator evaluator;
    private final Set<String> fired = new TreeSet<>();

    private ScenarioEngine(List<RuleSource> sources) {
        this.rules = RuleCompiler.compile(sources);
        // Scenarios' decisions are made up: one dated after today is as good as any.
        this.evaluator = new Evaluator(rules, new TestKeys(), ledger, LIMITS, Clock.systemUTC(), Intake.ANY);
    }

    /**
     * What the rules made of one decision, rule by rule.
     *
     * @param outcome the outcome, as {@code Tutka.evaluate} gives it
     * @param firings every rule that fired, in order, with what its consequence did
     */
    public record Explanation(Outcome outcome, List<Result.Firing> firings) {
    }

    /**
     * Compiles the rules. Records and identity codes are dropped: nothing is written but the scratch ledger.
     *
     * @throws TutkaException {@code RULES_COMPILE} when they do not compile
     */
    public static ScenarioEngine open(List<RuleSource> sources) {
        return new ScenarioEngine(sources);
    }

    /** The ruleset version the rules give every record. */
    public String rulesetVersion() {
        return evaluator.rulesetVersion();
    }

    /** How many rules were compiled (decision-table rows count one each). */
    public int ruleCount() {
        return evaluator.ruleCount();
    }

    /** The trials the rules define. */
    public List<Trial> trials() {
        return evaluator.trials();
    }

    /**
     * Evaluates a scenario's decision on an empty ledger holding only the scenario's allocations, and compares the
     * outcome with the expectation.
     *
     * @throws IllegalArgumentException when the scenario's allocations name a trial or arm the rules do not have
     */
    public Scenarios.Check check(Scenarios.Scenario scenario) {
        Outcome outcome;
        try {
            ServiceDecision decision = TutkaJson.readDecision(scenario.decision());
            ledger.reset();
            for (Map.Entry<String, String> allocation : scenario.allocations().entrySet()) {
                allocate(decision, allocation.getKey(), allocation.getValue());
            }
            outcome = evaluator.evaluate(decision).outcome();
        } catch (TutkaException e) {
            List<String> differences = new ArrayList<>();
            differences.add("- verdict: " + scenario.expect().verdict());
            differences.add("+ rejected: " + e.code());
            for (FieldError error : e.fieldErrors()) {
                differences.add("+   " + error);
            }
            if (e.fieldErrors().isEmpty()) {
                differences.add("+   " + e.getMessage());
            }
            return new Scenarios.Check(scenario, null, List.copyOf(differences));
        }
        fired.addAll(outcome.firedRules());
        return new Scenarios.Check(scenario, outcome, Scenarios.compare(scenario.expect(), outcome));
    }

    /**
     * Evaluates one decision on an empty ledger and tells what each rule did.
     *
     * @throws TutkaException {@code INVALID_DECISION} naming every offending field, or {@code RULE_EVALUATION}
     */
    public Explanation explain(ServiceDecision decision) {
        ledger.reset();
        Evaluator.Evaluation evaluation = evaluator.explain(decision);
        return new Explanation(evaluation.outcome(), evaluation.firings());
    }

    /**
     * The rules of the given source that fired in no scenario checked so far, ordered by file and name; a
     * decision-table row is a rule of its own ({@code Service codes 179_11}).
     */
    public List<RuleCompiler.RuleOrigin> uncovered(RuleSource source) {
        List<RuleCompiler.RuleOrigin> uncovered = new ArrayList<>();
        for (RuleCompiler.RuleOrigin rule : rules(source)) {
            if (!fired.contains(rule.rule())) {
                uncovered.add(rule);
            }
        }
        return List.copyOf(uncovered);
    }

    /** The rules compiled from the given source, ordered by file and name. */
    public List<RuleCompiler.RuleOrigin> rules(RuleSource source) {
        return rules.rules().stream().filter(rule -> rule.source().equals(source.name())).toList();
    }

    /** Every rule compiled, ordered by source, file and name. */
    public List<RuleCompiler.RuleOrigin> rules() {
        return rules.rules();
    }

    /** Puts the client in an arm before the scenario's decision, as an earlier decision would have. */
    private void allocate(ServiceDecision decision, String trialId, String arm) {
        Trial trial = trials().stream().filter(t -> t.id().equals(trialId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("allocations: no trial '" + trialId + "'; trials: "
                        + trials().stream().map(Trial::id).toList()));
        if (trial.definition().arm(arm) == null) {
            throw new IllegalArgumentException("allocations: trial '" + trialId + "' has no arm '" + arm + "'");
        }
        LocalDate date = trial.definition().recruitFrom();
        ledger.allocate(new AllocationRequest(trialId, trial.definition().version(), trial.fingerprint(),
                trial.definition().method(), evaluator.subject(decision.area(), decision.clientId()), "scenario",
                decision.area(), "", "scenario", date, "0".repeat(64), rulesetVersion(),
                decision.decisionTime(), Set.of(), null), sequence -> arm);
    }

    @Override
    public void close() {
        try {
            evaluator.close();
        } finally {
            ledger.close();
        }
    }

    /** One pseudonymisation key for every area and one trial key for every trial. */
    private static final class TestKeys implements KeyProvider {
        @Override
        public HmacKey pseudonymKey(String area) {
            return PSEUDONYM_KEY;
        }

        @Override
        public Optional<HmacKey> key(String id) {
            return PSEUDONYM_KEY.id().equals(id) ? Optional.of(PSEUDONYM_KEY) : Optional.empty();
        }

        @Override
        public HmacKey trialKey(String trialId) {
            return TRIAL_KEY;
        }
    }
}
