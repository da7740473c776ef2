package fi.tutka.cli;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import java.io.PrintWriter;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code tutka} command. */
@Command(name = "tutka", mixinStandardHelpOptions = true, versionProvider = TutkaCommand.Version.class,
        description = "Tags service decisions with research metadata, writes pseudonymised records and builds "
                + "the half-year delivery.",
        subcommands = {SampleCommand.class, RunCommand.class, DeliverCommand.class, DemoCommand.class,
                TrialsCommand.class, RulesCommand.class, VerifyDeliveryCommand.class, ServeCommand.class,
                CommandLine.HelpCommand.class})
public final class TutkaCommand {
    private final Clock clock;

    private TutkaCommand(Clock clock) {
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and the system's clock; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, Clock.systemUTC());
    }

    /**
     * Runs the command line with the given streams and clock, the engine's time (a decision dated more than a day
     * after it is refused); returns the exit code.
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Clock clock) {
        CommandLine commandLine = new CommandLine(new TutkaCommand(clock));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof TutkaException tutka) {
                line.getErr().println("tutka: " + tutka.getMessage());
                return tutka.code() == ErrorCode.CONFIGURATION || tutka.code() == ErrorCode.PROVIDER_MISSING ? 2 : 1;
            }
            line.getErr().println("tutka: unexpected failure: " + e);
            return 1;
        });
        return commandLine.execute(args);
    }

    /** The clock of the command line that {@code spec}'s command runs in. */
    static Clock clock(CommandSpec spec) {
        return spec.root().userObject() instanceof TutkaCommand tutka ? tutka.clock : Clock.systemUTC();
    }

    /** The engine's version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tutka " + fi.tutka.internal.Versions.ENGINE};
        }
    }
}
