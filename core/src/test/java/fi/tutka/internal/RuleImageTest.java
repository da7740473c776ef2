package fi.tutka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.providers.ClasspathRuleSource;
import fi.tutka.spi.RuleSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.runtime.KieSession;

/** A class-path rule folder with a compiled image beside it, as the rules jar is built. */
class RuleImageTest {
    static final String DRL = "package test.image\n"
            + "rule \"Greets\" when $s : String(this == \"hello\") then insert(Integer.valueOf($s.length())); end\n";
    static final String TABLE = "RuleSet,test.tables\nImport,\"fi.tutka.facts.Decision, fi.tutka.facts.ServiceClass\"\n"
            + "RuleTable Codes\nCONDITION,ACTION\nDecision,\n"
            + "\"serviceCode == \"\"$param\"\"\",\"insert(new ServiceClass(\"\"$param\"\"));\"\nCode,Class\n"
            + "PT50,pay_subsidy_50\nPT100,pay_subsidy_100\n";

    @TempDir
    Path classPath;
    URLClassLoader loader;
    RuleSource source;

    @BeforeEach
    void folder() throws IOException {
        Path folder = Files.createDirectories(classPath.resolve("test/rules"));
        Files.writeString(folder.resolve("ruleset.list"), "VERSION\ngreeting.drl\ncodes.csv\n");
        Files.writeString(folder.resolve("VERSION"), "2026.12\n");
        Files.writeString(folder.resolve("greeting.drl"), DRL);
        Files.writeString(folder.resolve("codes.csv"), TABLE);
        loader = new URLClassLoader(new URL[] {classPath.toUri().toURL()}, getClass().getClassLoader());
        source = new ClasspathRuleSource(loader, "test/rules");
    }

    @AfterEach
    void close() throws IOException {
        loader.close();
    }

    @Test
    void theImageOfTheFolderIsLoadedInsteadOfCompilingAndGivesTheSameRules() throws IOException {
        RuleCompiler.CompiledRules compiled = RuleCompiler.compileFromFiles(List.of(source));
        writeImage(compiled);

        RuleCompiler.CompiledRules loaded = RuleCompiler.compile(List.of(source));

        assertThat(compiled.fromImage()).isFalse();
        assertThat(loaded.fromImage()).isTrue();
        assertThat(loaded.version()).isEqualTo(compiled.version()).startsWith("2026.12+");
        assertThat(loaded.ruleCount()).isEqualTo(3);
        assertThat(loaded.rules()).isEqualTo(compiled.rules()).containsExactly(
                new RuleCompiler.RuleOrigin("classpath:test/rules", "codes.csv", "Codes_8"),
                new RuleCompiler.RuleOrigin("classpath:test/rules", "codes.csv", "Codes_9"),
                new RuleCompiler.RuleOrigin("classpath:test/rules", "greeting.drl", "Greets"));
        assertThat(fire(loaded, "hello")).containsExactly("hello", 5);
        assertThat(fire(loaded, "bye")).containsExactly("bye");
    }

    @Test
    void anImageOfOtherFilesIsNotUsed() throws IOException {
        writeImage(RuleCompiler.compileFromFiles(List.of(source)));
        Files.writeString(classPath.resolve("test/rules/greeting.drl"), DRL.replace("\"hello\"", "\"moi\""));

        RuleCompiler.CompiledRules rules = RuleCompiler.compile(List.of(source));

        assertThat(rules.fromImage()).isFalse();
        assertThat(fire(rules, "moi")).containsExactly("moi", 3);
        assertThat(fire(rules, "hello")).containsExactly("hello");
    }

    @Test
    void anUnreadableImageIsSkippedAndTheRulesAreCompiled() throws IOException {
        Files.write(classPath.resolve("test/rules/" + ClasspathRuleSource.IMAGE),
                "not an image".getBytes(StandardCharsets.UTF_8));

        RuleCompiler.CompiledRules rules = RuleCompiler.compile(List.of(source));

        assertThat(rules.fromImage()).isFalse();
        assertThat(rules.ruleCount()).isEqualTo(3);
        assertThat(fire(rules, "hello")).containsExactly("hello", 5);
    }

    void writeImage(RuleCompiler.CompiledRules rules) throws IOException {
        try (OutputStream out = Files.newOutputStream(classPath.resolve("test/rules/" + ClasspathRuleSource.IMAGE))) {
            RuleImage.write(rules.kieBase().getKiePackages(), rules.version(), out);
        }
    }

    /** The facts in a session after inserting {@code fact} and firing. */
    static List<Object> fire(RuleCompiler.CompiledRules rules, String fact) {
        KieSession session = rules.kieBase().newKieSession();
        try {
            session.insert(fact);
            session.fireAllRules();
            List<Object> facts = new ArrayList<>(session.getObjects());
            facts.sort((a, b) -> a instanceof String ? -1 : b instanceof String ? 1 : 0);
            return facts;
        } finally {
            session.dispose();
        }
    }
}
