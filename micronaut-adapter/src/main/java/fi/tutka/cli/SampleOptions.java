package fi.tutka.cli;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.sample.SampleGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What sample to generate: area, half-year, seed and volume. */
final class SampleOptions {
    @Option(names = "--area", defaultValue = "179", description = "Area's host municipality code (default: ${DEFAULT-VALUE}).")
    String area;

    @Option(names = "--period", defaultValue = "2026H1", converter = Period.Converter.class,
            description = "Half-year from 2025H1 on, such as 2026H1 (default: ${DEFAULT-VALUE}).")
    Period period;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same file (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scale", defaultValue = "1.0",
            description = "Volume relative to a mid-sized area, about 25,000 decisions (default: ${DEFAULT-VALUE}).")
    double scale;

    /** Writes the sample to {@code output}, creating its folder. */
    SampleGenerator.Stats write(Path output) {
        SampleGenerator generator;
        try {
            generator = SampleGenerator.builder().area(area).halfYear(period.year(), period.half()).seed(seed)
                    .scale(scale).build();
        } catch (IllegalArgumentException e) {
            throw new TutkaException(ErrorCode.CONFIGURATION, e.getMessage());
        }
        try {
            Files.createDirectories(output.toAbsolutePath().getParent());
            try (Writer writer = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                return generator.write(writer);
            }
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.IO, "cannot write " + output + ": " + e.getMessage(), e);
        }
    }
}
