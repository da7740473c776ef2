package fi.tutka.cli;

import fi.tutka.sample.SampleGenerator;
import fi.tutka.sample.SampleRecipient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tutka sample}: a realistic half-year of decisions. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Writes a seeded, realistic half-year of decisions for one area as JSON Lines. Identity codes "
                + "are valid but use individual numbers 900-999 only; a small share of lines is deliberately bad.")
final class SampleCommand implements Callable<Integer> {
    @Mixin
    SampleOptions sample;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "tutka-data/decisions.jsonl",
            description = "Where to write (default: ${DEFAULT-VALUE}).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SampleGenerator.Stats stats = sample.write(output);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Wrote %,d decisions for area %s, %s to %s (%,d deliberately invalid)%n", stats.lines(),
                sample.area, sample.period, output, stats.invalid());
        Path parent = output.toAbsolutePath().normalize().getParent();
        recipient(parent == null ? Path.of(".") : parent, out);
        return 0;
    }

    /**
     * The test recipient of the sample deliveries' linkage files, in {@code sample-recipient/} of {@code folder}:
     * made once and then kept, so that every sample delivery built since opens with the same key.
     */
    static SampleRecipient.Paths recipient(Path folder, PrintWriter out) {
        Path home = folder.resolve("sample-recipient");
        SampleRecipient.Paths paths = new SampleRecipient.Paths(home.resolve(SampleRecipient.CERTIFICATE_FILE),
                home.resolve(SampleRecipient.KEY_FILE));
        if (Files.isRegularFile(paths.certificate()) && Files.isRegularFile(paths.privateKey())) {
            out.printf("Test recipient:  %s (kept)%n", paths.certificate());
            return paths;
        }
        paths = SampleRecipient.write(home, Clock.systemUTC());
        out.printf("Test recipient:  %s and its key %s, for the linkage file of sample deliveries only%n",
                paths.certificate(), paths.privateKey());
        return paths;
    }

    /** The command that opens a delivery's linkage file with the sample recipient's key. */
    static String decryptCommand(Path delivery, SampleRecipient.Paths recipient) {
        return "openssl cms -decrypt -inform DER -in " + delivery.resolve("linkage.csv.p7m") + " -recip "
                + recipient.certificate() + " -inkey " + recipient.privateKey();
    }
}
