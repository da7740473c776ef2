package fi.tutka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.tutka.spi.RuleResource;
import fi.tutka.spi.RuleSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleCompilerTest {

    /** A rule source named {@code test} of the given files: name, text, name, text, ... */
    static RuleSource source(String... namesAndTexts) {
        List<RuleResource> files = new ArrayList<>();
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            files.add(RuleResource.ofText(namesAndTexts[i], namesAndTexts[i + 1]));
        }
        return new RuleSource() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public List<RuleResource> resources() {
                return files;
            }
        };
    }

    @Test
    void aTableChangedUnderTheSameNameIsCompiledAgain() {
        String table = "RuleSet,test.tables\nImport,\"fi.tutka.facts.Decision, fi.tutka.facts.ServiceClass\"\n"
                + "RuleTable Codes\nCONDITION,ACTION\nDecision,\n"
                + "\"FIELD == \"\"$param\"\"\",\"insert(new ServiceClass(\"\"$param\"\"));\"\nCode,Class\n"
                + "PT50,pay_subsidy_50\n";
        assertThatThrownBy(() -> RuleCompiler.compile(List.of(source("same-name.csv",
                table.replace("FIELD", "serviceKode"))))).hasMessageContaining("serviceKode");

        // Drools caches a table's DRL by file name for the life of the JVM: the fixed table must not be its old self.
        RuleCompiler.CompiledRules fixed = RuleCompiler.compile(List.of(source("same-name.csv",
                table.replace("FIELD", "serviceCode"))));

        assertThat(fixed.ruleCount()).isEqualTo(1);
    }
}
