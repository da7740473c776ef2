package fi.tutka.cli;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.internal.RuleCompiler;
import fi.tutka.providers.DirectoryRuleSource;
import fi.tutka.scenarios.ScenarioEngine;
import fi.tutka.scenarios.Scenarios;
import fi.tutka.spi.RuleSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tutka rules test DIR}: runs the scenarios beside the rules. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Runs the scenario files in DIR/scenarios against the rules: each gives a decision and the "
                + "tags, flags, warnings, trial verdicts and verdict the rules must give. Prints each failure as a "
                + "diff ('-' expected, '+' actual). Exit code 0: every scenario passed (and, with --coverage, every "
                + "rule of DIR fired in one); 1: failures or rules not covered; 2: bad usage.")
final class RulesTestCommand implements Callable<Integer> {
    @Mixin
    RulesFolder rules = new RulesFolder();

    @Option(names = "--scenarios", paramLabel = "DIR",
            description = "The scenario folder (default: DIR/scenarios): _defaults.json and <topic>.json files.")
    Path scenarios;

    @Option(names = "--coverage", description = "Also list the rules and decision-table rows of DIR that fired in no "
            + "scenario.")
    boolean coverage;

    @Option(names = "--verbose", description = "Print every scenario, passed ones too.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<RuleSource> sources = rules.sources(); // checks the folder first
        Path folder = scenarios != null ? scenarios : rules.folder.resolve(DirectoryRuleSource.SCENARIOS);
        if (!Files.isDirectory(folder)) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "no scenario folder " + folder + ": write scenarios "
                    + "in DIR/scenarios (" + Scenarios.DEFAULTS_FILE + " and <topic>.json files), or give --scenarios");
        }
        List<Scenarios.Scenario> loaded;
        try {
            loaded = Scenarios.load(folder);
        } catch (IllegalArgumentException e) {
            throw new TutkaException(ErrorCode.RULES_COMPILE, "scenarios in " + folder + ": " + e.getMessage());
        }
        int failed = 0;
        try (ScenarioEngine engine = ScenarioEngine.open(sources)) {
            out.printf("Rules:      %s, %d rules, version %s%n", rules.describe(), engine.ruleCount(),
                    engine.rulesetVersion());
            out.printf("Scenarios:  %s, %d scenarios%n", folder, loaded.size());
            for (Scenarios.Scenario scenario : loaded) {
                Scenarios.Check check;
                try {
                    check = engine.check(scenario);
                } catch (IllegalArgumentException e) {
                    throw new TutkaException(ErrorCode.RULES_COMPILE, "scenario " + scenario.displayName() + ": "
                            + e.getMessage());
                }
                if (!check.passed()) {
                    failed++;
                }
                if (verbose || !check.passed()) {
                    out.println(check.report());
                }
            }
            out.printf("%d passed, %d failed%n", loaded.size() - failed, failed);
            boolean covered = true;
            if (coverage) {
                List<RuleCompiler.RuleOrigin> all = engine.rules(rules.source());
                List<RuleCompiler.RuleOrigin> uncovered = engine.uncovered(rules.source());
                covered = uncovered.isEmpty();
                out.printf("Coverage:   %d of %d rules of %s fired in some scenario%s%n", all.size() - uncovered.size(),
                        all.size(), rules.folder, covered ? "" : "; not exercised:");
                for (RuleCompiler.RuleOrigin rule : uncovered) {
                    out.printf("  %s: %s%n", rule.file(), rule.rule());
                }
            }
            out.flush();
            return failed == 0 && covered ? 0 : 1;
        }
    }
}
