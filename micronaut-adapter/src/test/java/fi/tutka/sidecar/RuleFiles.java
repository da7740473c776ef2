package fi.tutka.sidecar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A rules folder for the reload tests: one rule tagging every decision with the folder's generation. */
final class RuleFiles {
    private RuleFiles() {
    }

    static void writeGeneration(Path rules, int generation) {
        write(rules, "VERSION", "gen-" + generation);
        write(rules, "tags.drl", """
                package test.sidecar;
                import fi.tutka.facts.Decision;
                global fi.tutka.facts.Result result;

                rule "Generation"
                when
                    Decision()
                then
                    result.tag("generation", "%d");
                end
                """.formatted(generation));
    }

    /** A rule with a constraint cut short, on line 6 of {@code broken.drl}. */
    static void writeBroken(Path rules) {
        write(rules, "broken.drl", "package test.sidecar;\nimport fi.tutka.facts.Decision;\n\n"
                + "rule \"Broken\"\nwhen\n    Decision( age > )\nthen\nend\n");
    }

    static void write(Path rules, String name, String text) {
        try {
            Files.createDirectories(rules);
            Files.writeString(rules.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
