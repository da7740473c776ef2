package fi.tutka.cli;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.providers.DirectoryRuleSource;
import fi.tutka.rules.BundledRules;
import fi.tutka.spi.RuleSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The rules folder a {@code tutka rules} command works on, and whether the bundled pack is compiled with it. */
final class RulesFolder {
    @Parameters(index = "0", paramLabel = "DIR", description = "The rules folder: DRL files, decision tables "
            + "(.csv, .xlsx), trial definitions (<id>.trial.json beside <id>.drl), a VERSION file, scenarios/.")
    Path folder;

    @Option(names = "--bundled", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Compile the folder with the bundled rule pack, as tutka run --rules does (the default). "
                    + "--no-bundled compiles the folder alone: for the bundled pack's own folder or a complete set.")
    boolean bundled;

    /** The folder's rule source. */
    RuleSource source() {
        if (!Files.isDirectory(folder)) {
            throw new TutkaException(ErrorCode.CONFIGURATION, folder + " is not a folder: give the folder that holds "
                    + "your rule files");
        }
        return new DirectoryRuleSource(folder);
    }

    /** The sources compiled: the bundled pack unless --no-bundled, then the folder. */
    List<RuleSource> sources() {
        List<RuleSource> sources = new ArrayList<>();
        if (bundled) {
            sources.add(BundledRules.source());
        }
        sources.add(source());
        return sources;
    }

    /** {@code tutka-rules/ with the bundled pack}, for the first line of a report. */
    String describe() {
        return folder + (bundled ? " with the bundled pack" : " alone");
    }
}
