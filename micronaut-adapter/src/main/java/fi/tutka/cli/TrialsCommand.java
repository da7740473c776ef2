package fi.tutka.cli;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.providers.JdbcAllocationStoreFactory;
import fi.tutka.spi.AllocationStore;
import fi.tutka.spi.Correction;
import fi.tutka.spi.LedgerCheck;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tutka trials}: the randomised trials' allocation ledger. */
@Command(name = "trials", mixinStandardHelpOptions = true,
        description = "Reports on, checks and corrects the randomised trials' allocation ledger.",
        subcommands = {TrialsCommand.VerifyLedger.class, TrialsCommand.Correct.class, TrialsReportCommand.class})
final class TrialsCommand {
    /** Enough to see where a chain broke; a renumbered ledger can otherwise print a line for every entry. */
    static final int MAX_PROBLEMS_SHOWN = 50;

    /** {@code tutka trials verify-ledger}: exit 0 when the hash chain is intact, 1 when it is not. */
    @Command(name = "verify-ledger", mixinStandardHelpOptions = true,
            description = "Recomputes every ledger entry's hash and the chain, and prints every problem with its "
                    + "position. Exit code 0: intact; 1: problems found; 2: the ledger cannot be opened.")
    static final class VerifyLedger implements Callable<Integer> {
        @Mixin
        EngineOptions engine;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            LedgerCheck check;
            String url;
            try (var ledger = JdbcAllocationStoreFactory.open(engine.existingLedgerSettings())) {
                url = ledger.url();
                check = ledger.verify();
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Ledger:           %s%n", url);
            out.printf("Entries checked:  %,d%n", check.entries());
            out.printf("Head:             %s%n", check.head().isEmpty() ? "(empty ledger)" : check.head());
            if (check.intact()) {
                out.printf("Chain:            intact%n");
            } else {
                out.printf("Problems:         %,d%n", check.problems().size());
                check.problems().stream().limit(MAX_PROBLEMS_SHOWN).forEach(problem -> out.printf("  %s%n", problem));
                if (check.problems().size() > MAX_PROBLEMS_SHOWN) {
                    out.printf("  ... and %,d more: the first ones show where the chain broke%n",
                            check.problems().size() - MAX_PROBLEMS_SHOWN);
                }
            }
            out.flush();
            return check.intact() ? 0 : 1;
        }
    }

    /** {@code tutka trials correct}: appends a correction; the allocation itself never changes. */
    @Command(name = "correct", mixinStandardHelpOptions = true,
            description = "Appends a correction about a client's allocation in a trial: the client withdrew, or was "
                    + "allocated in error. The allocation stays in the ledger as it was.")
    static final class Correct implements Callable<Integer> {
        @Mixin
        EngineOptions engine;

        @Option(names = "--trial", required = true, description = "The trial's id.")
        String trial;

        @Option(names = "--subject", required = true, description = "The client's pseudonym (never the identity "
                + "code).")
        String subject;

        @Option(names = "--kind", required = true, converter = KindConverter.class,
                description = "withdrawal (the arm is no longer enforced; the client still counts for exclusive "
                        + "trials) or allocated-in-error (the client is also free for exclusive trials).")
        Correction.Kind kind;

        @Option(names = "--reason", required = true, description = "Why, in words.")
        String reason;

        @Option(names = "--actor", required = true, description = "Who makes the correction: a user name or role.")
        String actor;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Correction correction;
            try (AllocationStore ledger = JdbcAllocationStoreFactory.open(engine.existingLedgerSettings())) {
                correction = ledger.correct(trial, subject, kind, reason, actor, Clock.systemUTC().instant());
            } catch (IllegalArgumentException e) {
                // The options parsed; what they name is wrong: say so, without the usage text.
                throw new TutkaException(ErrorCode.CONFIGURATION, e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Correction:       %s of %s in trial %s%n", KindConverter.name(correction.kind()),
                    correction.subject(), correction.trialId());
            out.printf("Position:         %,d%n", correction.position());
            out.printf("Head:             %s%n", correction.entryHash());
            out.flush();
            return 0;
        }
    }

    /** {@code withdrawal} and {@code allocated-in-error} on the command line. */
    static final class KindConverter implements CommandLine.ITypeConverter<Correction.Kind> {
        @Override
        public Correction.Kind convert(String value) {
            for (Correction.Kind kind : Correction.Kind.values()) {
                if (name(kind).equals(value.strip().toLowerCase(Locale.ROOT))) {
                    return kind;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a kind of correction: give "
                    + "withdrawal or allocated-in-error");
        }

        static String name(Correction.Kind kind) {
            return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
