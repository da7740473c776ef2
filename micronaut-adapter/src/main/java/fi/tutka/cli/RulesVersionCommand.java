package fi.tutka.cli;

import fi.tutka.internal.RuleCompiler;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tutka rules version DIR}: the ruleset version every record and allocation will carry. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Prints the ruleset version of a rules folder, as every record and allocation made with it "
                + "carries it: the VERSION file's text, '+', and a hash of the sorted rule files (DRL, decision "
                + "tables, trial definitions, VERSION; not notes or scenarios). Nothing is compiled.")
final class RulesVersionCommand implements Callable<Integer> {
    @Mixin
    RulesFolder rules = new RulesFolder();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(RuleCompiler.version(rules.sources()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
