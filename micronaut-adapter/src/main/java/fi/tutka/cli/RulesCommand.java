package fi.tutka.cli;

import picocli.CommandLine.Command;

/** {@code tutka rules}: tools for rule authors working in a folder of rule files. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Validates, tests, explains and versions a folder of rule files (DRL, decision tables, "
                + "trial definitions).",
        subcommands = {RulesValidateCommand.class, RulesTestCommand.class, RulesExplainCommand.class,
                RulesVersionCommand.class})
final class RulesCommand {
}
