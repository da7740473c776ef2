package fi.tutka.providers;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.spi.RuleResource;
import fi.tutka.spi.RuleSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Rule files in a folder and its sub-folders, named by their path relative to the folder. Hidden files and the
 * folder {@code scenarios/}, which holds the rules' scenario files ({@code tutka rules test}), are not rule files:
 * they are neither compiled nor part of the ruleset's version.
 */
public final class DirectoryRuleSource implements RuleSource {
    /** The sub-folder of scenario files. */
    public static final String SCENARIOS = "scenarios/";

    private final Path root;

    public DirectoryRuleSource(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return root.toString();
    }

    @Override
    public List<RuleResource> resources() {
        if (!Files.isDirectory(root)) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "rules folder " + root
                    + " does not exist or is not a folder: check setting 'tutka.rules.dir' (or --rules)");
        }
        List<RuleResource> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                String name = root.relativize(file).toString().replace('\\', '/');
                if (!name.startsWith(".") && !name.startsWith(SCENARIOS)) {
                    files.add(new RuleResource(name, Files.readAllBytes(file)));
                }
            }
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.IO, "cannot read rules folder " + root + ": " + e.getMessage(), e);
        }
        return files;
    }
}
