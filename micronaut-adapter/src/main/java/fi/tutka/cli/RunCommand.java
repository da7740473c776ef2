package fi.tutka.cli;

import fi.tutka.Tutka;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.api.Verdict;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tutka run}: evaluates a decisions file. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Evaluates a file of decisions (JSON Lines), writes their records durably and prints a summary. "
                + "A rejected line, or a decision whose rules fail, goes to the rejects file by number and reason, "
                + "and the run goes on.",
                "Exit code 0: every line was evaluated or rejected; 1: the rules failed on some decisions, or the run "
                + "stopped (records, ledger, keys, files); 2: bad usage or configuration."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DECISIONS", description = "JSON Lines file, one decision a line.")
    Path input;

    @Mixin
    EngineOptions engine;

    @Option(names = "--rejects", paramLabel = "FILE",
            description = "Where rejected lines' numbers and reasons go (default: DECISIONS with .rejected.jsonl).")
    Path rejects;

    @Option(names = "--batch", defaultValue = "500", description = "Decisions per durable write (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--threads", description = "Worker threads (default: the number of processors).")
    Integer threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (batch < 1 || batch > 100_000) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "--batch is " + batch + ": give 1 to 100000");
        }
        if (threads != null && (threads < 1 || threads > 256)) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "--threads is " + threads + ": give 1 to 256");
        }
        engine.clock = TutkaCommand.clock(spec);
        DecisionFileRun.Summary summary = run(engine, input, rejects != null ? rejects : defaultRejects(input), batch,
                threads != null ? threads : Runtime.getRuntime().availableProcessors(), spec.commandLine().getOut(),
                spec.commandLine().getErr());
        return summary.failed() > 0 ? 1 : 0;
    }

    /**
     * Evaluates {@code input} and prints the summary; when the rules failed on some decisions, says so on
     * {@code err} too.
     */
    static DecisionFileRun.Summary run(EngineOptions engine, Path input, Path rejects, int batch, int threads,
            PrintWriter out, PrintWriter err) {
        Path in = input.toAbsolutePath().normalize();
        Path rejected = rejects.toAbsolutePath().normalize();
        if (!Files.isRegularFile(in)) {
            throw new TutkaException(ErrorCode.IO, "decisions file " + input
                    + (Files.isDirectory(in) ? " is a folder" : " does not exist") + ": give a JSON Lines file");
        }
        if (rejected.equals(in)) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "--rejects " + rejects
                    + " is the decisions file itself: give another file");
        }
        if (rejected.startsWith(engine.records.toAbsolutePath().normalize())) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "--rejects " + rejects + " is inside the records folder "
                    + engine.records + ": give a file outside it");
        }
        DecisionFileRun.Summary summary;
        String rulesetVersion;
        try (Tutka tutka = engine.build()) {
            rulesetVersion = tutka.rulesetVersion();
            summary = new DecisionFileRun(tutka, batch, threads,
                    new ProgressLine(err, System.console() != null)).run(input, rejects);
        }
        print(out, summary, rulesetVersion, rejects, engine.records);
        if (summary.failed() > 0) {
            boolean one = summary.failed() == 1;
            err.printf("tutka: %,d decision%s failed on the rules (RULE_EVALUATION) and %s not evaluated: %s in %s. "
                    + "Fix the rules and run the file again: the decisions evaluated now keep their record ids and "
                    + "arms.%n", summary.failed(), one ? "" : "s", one ? "was" : "were",
                    one ? "its line is" : "their lines are", rejects);
            err.flush();
        }
        return summary;
    }

    static Path defaultRejects(Path input) {
        String name = input.getFileName().toString().replaceFirst("\\.jsonl?$", "");
        return input.toAbsolutePath().resolveSibling(name + ".rejected.jsonl");
    }

    static void print(PrintWriter out, DecisionFileRun.Summary summary, String rulesetVersion, Path rejects,
            Path records) {
        out.printf("Decisions read:     %,d%n", summary.read());
        out.printf("Accepted:           %,d%n", summary.accepted());
        out.printf("Rejected:           %,d%s%n", summary.rejected(),
                summary.rejected() > 0 ? "  (lines and reasons in " + rejects + ")" : "");
        printCounts(out, summary.rejectedByReason());
        if (summary.failed() > 0) {
            out.printf("Failed:             %,d  (rule evaluation; lines and reasons in %s)%n", summary.failed(),
                    rejects);
            printCounts(out, summary.failedByReason());
        }
        out.printf("Warnings:           %,d%n", summary.warningsByCode().values().stream().mapToLong(Long::longValue).sum());
        printCounts(out, summary.warningsByCode());
        if (summary.verdicts().keySet().stream().anyMatch(v -> v != Verdict.ALLOW)) {
            out.printf("Verdicts:          ");
            summary.verdicts().forEach((verdict, count) -> out.printf(" %s %,d", verdict, count));
            out.printf("%n");
        }
        if (!summary.allocationsByArm().isEmpty()) {
            out.printf("Randomised:         %,d%n", summary.allocationsByArm().values().stream()
                    .mapToLong(Long::longValue).sum());
            printCounts(out, summary.allocationsByArm());
        }
        out.printf("Records written:    %,d  (durable, in %s)%n", summary.recordsWritten(), records);
        out.printf("Ruleset version:    %s%n", rulesetVersion);
        out.printf("Time:               %.2f s, %,.0f decisions/s%n", summary.nanos() / 1e9, summary.perSecond());
        out.flush();
    }

    private static void printCounts(PrintWriter out, Map<String, Long> counts) {
        counts.forEach((reason, count) -> out.printf("  %,8d  %s%n", count, reason));
    }
}
