package fi.tutka.cli;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.sample.SampleGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tutka sample}: a realistic half-year of decisions. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Writes a seeded, realistic half-year of decisions for one area as JSON Lines. Identity codes "
                + "are valid but use individual numbers 900-999 only; a small share of lines is deliberately bad.")
final class SampleCommand implements Callable<Integer> {
    @Option(names = "--area", defaultValue = "179", description = "Area's host municipality code (default: ${DEFAULT-VALUE}).")
    String area;

    @Option(names = "--period", defaultValue = "2026H1", converter = Period.Converter.class,
            description = "Half-year, 2026H1 or 2026H2 (default: ${DEFAULT-VALUE}).")
    Period period;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same file (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scale", defaultValue = "1.0",
            description = "Volume relative to a mid-sized area, about 25,000 decisions (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "tutka-data/decisions.jsonl",
            description = "Where to write (default: ${DEFAULT-VALUE}).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SampleGenerator.Stats stats = write(area, period, seed, scale, output);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Wrote %,d decisions for area %s, %s to %s (%,d deliberately invalid)%n", stats.lines(), area,
                period, output, stats.invalid());
        return 0;
    }

    static SampleGenerator.Stats write(String area, Period period, long seed, double scale, Path output) {
        SampleGenerator generator;
        try {
            generator = SampleGenerator.builder().area(area).halfYear(period.year(), period.half()).seed(seed)
                    .scale(scale).build();
        } catch (IllegalArgumentException e) {
            throw new TutkaException(ErrorCode.CONFIGURATION, e.getMessage());
        }
        try {
            Path parent = output.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            try (Writer writer = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                return generator.write(writer);
            }
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.IO, "cannot write " + output + ": " + e.getMessage(), e);
        }
    }
}
