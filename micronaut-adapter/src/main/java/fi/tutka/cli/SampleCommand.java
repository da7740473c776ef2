package fi.tutka.cli;

import fi.tutka.sample.SampleGenerator;
import java.io.PrintWriter;
import java.nio.file.Path;
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
        return 0;
    }
}
