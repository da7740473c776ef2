package fi.tutka.cli;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.internal.RuleCompiler;
import fi.tutka.internal.RuleHints;
import fi.tutka.spi.RuleResource;
import fi.tutka.spi.RuleSource;
import fi.tutka.trials.Trial;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tutka rules validate DIR}: compiles a folder of rule files as the engine would, and says what is wrong. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Compiles a folder of rule files (DRL, CSV and XLSX decision tables, trial definitions) as the "
                + "engine would, with the bundled pack unless --no-bundled, and prints every problem as "
                + "file:line:column: message, with a hint when the mistake is a common one; when there is none, "
                + "the number of rules, the trials and the ruleset version. Files in DIR/scenarios are scenario "
                + "files, not rules.",
                "Exit code 0: the rules are usable; 1: they have errors; 2: DIR is not a folder."})
final class RulesValidateCommand implements Callable<Integer> {
    @Mixin
    RulesFolder rules = new RulesFolder();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // Every file is read once, for the compiler and for placing the problems it reports.
        List<RuleSource> sources = rules.sources().stream().map(RulesValidateCommand::read).toList();
        List<RuleResource> files = new ArrayList<>();
        sources.forEach(source -> files.addAll(source.resources()));
        Path folder = rules.folder;
        String with = rules.bundled ? "with the bundled pack" : "on its own";
        PrintWriter out = spec.commandLine().getOut();
        RuleCompiler.CompiledRules compiled;
        try {
            compiled = RuleCompiler.compile(sources);
        } catch (TutkaException e) {
            if (e.code() != ErrorCode.RULES_COMPILE) {
                throw e;
            }
            List<String> problems = problems(e);
            RuleHints.located(problems, files).forEach(out::println);
            out.printf("%d error%s: %s is not usable %s%n", problems.size(), problems.size() == 1 ? "" : "s", folder,
                    with);
            out.flush();
            return 1;
        }
        List<String> trials = compiled.trials().stream().map(Trial::id).sorted().toList();
        out.printf("Rules:            %,d%n", compiled.ruleCount());
        out.printf("Trials:           %s%n", trials.isEmpty() ? "none" : String.join(", ", trials));
        out.printf("Ruleset version:  %s%n", compiled.version());
        out.printf("Rules OK: %s is usable %s%n", folder, with);
        out.flush();
        return 0;
    }

    /** The problems of a {@link ErrorCode#RULES_COMPILE} message: one a line after its first line, or the message. */
    private static List<String> problems(TutkaException e) {
        String message = e.getMessage().substring(e.code().name().length() + 2);
        int newline = message.indexOf('\n');
        return newline < 0 ? List.of(message) : Arrays.asList(message.substring(newline + 1).split("\n"));
    }

    /** A source's files, read now. */
    private static RuleSource read(RuleSource source) {
        List<RuleResource> files = List.copyOf(source.resources());
        String name = source.name();
        return new RuleSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<RuleResource> resources() {
                return files;
            }
        };
    }
}
