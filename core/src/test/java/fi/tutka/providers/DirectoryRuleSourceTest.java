package fi.tutka.providers;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.spi.RuleResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryRuleSourceTest {
    @TempDir
    Path dir;

    @Test
    void scenarioFilesAndHiddenFilesAreNotRuleFiles() throws IOException {
        write("tags.drl");
        write("trials/x.trial.json");
        write("trials/x.drl");
        write("trials/scenarios/kept.csv");
        write("scenarios/_defaults.json");
        write("scenarios/tags.json");
        write("scenarios/x.trial.json");
        write("scenarios/table.csv");
        write(".notes/todo.drl");

        assertThat(new DirectoryRuleSource(dir).resources()).extracting(RuleResource::name)
                .containsExactly("tags.drl", "trials/scenarios/kept.csv", "trials/x.drl", "trials/x.trial.json");
    }

    private void write(String name) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, name);
    }
}
