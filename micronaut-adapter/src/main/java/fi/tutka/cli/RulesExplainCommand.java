package fi.tutka.cli;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.Outcome;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TrialVerdict;
import fi.tutka.api.TutkaException;
import fi.tutka.api.Warning;
import fi.tutka.codec.TutkaJson;
import fi.tutka.facts.Result;
import fi.tutka.internal.IoErrors;
import fi.tutka.internal.Periods;
import fi.tutka.internal.RuleCompiler;
import fi.tutka.scenarios.ScenarioEngine;
import fi.tutka.trials.Trial;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tutka rules explain DIR --decision FILE}: which rules fired on one decision, what each did, and why. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Evaluates one decision with the folder's rules and explains it: the rules that fired in "
                + "order, what each one's consequence did (tags, class, quality flags), and for each trial whether "
                + "the client is eligible, criterion by criterion. Writes nothing: the decision runs on a scratch "
                + "allocation ledger with test keys, so an arm shown is not the client's real arm. The identity code "
                + "is never printed.")
final class RulesExplainCommand implements Callable<Integer> {
    @Mixin
    RulesFolder rules = new RulesFolder();

    @Option(names = "--decision", required = true, paramLabel = "FILE",
            description = "The decision as JSON (one object), or a JSON Lines file of decisions with --line.")
    Path decision;

    @Option(names = "--line", paramLabel = "N", description = "The line of a JSON Lines file to explain (from 1).")
    Integer line;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String json = decisionText();
        ServiceDecision parsed = TutkaJson.readDecision(json);
        PrintWriter out = spec.commandLine().getOut();
        try (ScenarioEngine engine = ScenarioEngine.open(rules.sources())) {
            ScenarioEngine.Explanation explanation = engine.explain(parsed);
            Outcome outcome = explanation.outcome();
            Map<String, String> files = new HashMap<>();
            for (RuleCompiler.RuleOrigin origin : engine.rules()) {
                files.putIfAbsent(origin.rule(), origin.file());
            }
            out.printf("Rules:      %s, %d rules, version %s%n", rules.describe(), engine.ruleCount(),
                    engine.rulesetVersion());
            out.printf("Decision:   %s: %s of %s in area %s on %s (Helsinki)%n", parsed.decisionId(),
                    parsed.eventType().wireName(), parsed.serviceCode(), parsed.area(),
                    Periods.helsinkiDate(parsed.decisionTime()));
            out.println();
            out.printf("Rules fired, in order (%d):%n", explanation.firings().size());
            int n = 0;
            for (Result.Firing firing : explanation.firings()) {
                out.printf("%4d. %s  (%s)%n", ++n, firing.rule(), files.getOrDefault(firing.rule(), "?"));
                for (String change : firing.changes()) {
                    out.printf("        %s%n", change);
                }
            }
            out.println();
            trials(out, engine.trials(), outcome, parsed);
            out.println();
            out.printf("Verdict:    %s%s%n", outcome.verdict(), outcome.message().isEmpty() ? ""
                    : ": " + outcome.message());
            out.printf("Tags:       %s%n", outcome.tags());
            out.printf("Flags:      %s%n", outcome.qualityFlags());
            out.printf("Warnings:   %s%n", outcome.warnings().stream().map(Warning::code).toList());
            out.flush();
        }
        return 0;
    }

    /** Each trial: not recruiting there and then, or eligible or not with the criteria met and unmet. */
    private static void trials(PrintWriter out, List<Trial> trials, Outcome outcome, ServiceDecision decision) {
        out.println(trials.isEmpty() ? "Trials:     none in these rules" : "Trials:");
        for (Trial trial : trials) {
            TrialVerdict verdict = outcome.trials().stream().filter(v -> v.trialId().equals(trial.id())).findFirst()
                    .orElse(null);
            if (verdict == null) {
                out.printf("  %s: not recruiting or enforced in area %s on %s%n", trial.id(), decision.area(),
                        Periods.helsinkiDate(decision.decisionTime()));
                continue;
            }
            out.printf("  %s: %s%s, %s%n", trial.id(), verdict.eligible() ? "eligible" : "not eligible",
                    verdict.arm() == null ? "" : ", arm " + verdict.arm() + (verdict.allocatedNow()
                            ? " (randomised now with the test key)" : ""), verdict.verdict());
            for (String met : verdict.criteriaMet()) {
                out.printf("      met:    %s%n", met);
            }
            for (String unmet : verdict.criteriaUnmet()) {
                out.printf("      unmet:  %s%n", unmet);
            }
        }
    }

    /** The decision's JSON: the whole file, or its line {@code --line}. */
    private String decisionText() {
        String text;
        try {
            text = Files.readString(decision, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "--decision " + decision + ": cannot read it ("
                    + IoErrors.reason(e) + ")");
        }
        if (line == null) {
            return text;
        }
        String[] lines = text.split("\n", -1);
        if (line < 1 || line > lines.length || lines[line - 1].isBlank()) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "--line " + line + ": " + decision + " has no decision "
                    + "on that line (it has " + text.lines().count() + " lines)");
        }
        return lines[line - 1];
    }
}
