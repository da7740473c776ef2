package fi.tutka.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.tutka.Tutka;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.providers.JdbcAllocationStoreFactory;
import fi.tutka.providers.JdbcIdentityVaultFactory;
import fi.tutka.scenarios.Scenarios;
import fi.tutka.spi.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What stops a run of a decisions file: not a rule that fails on a decision, but records that cannot be written. */
class DecisionFileRunTest {
    @TempDir
    Path dir;

    @Test
    void recordsThatCannotBeMadeDurableStopTheRunWhereAFailingRuleDoesNot() throws Exception {
        String client = Scenarios.identityCode(LocalDate.of(1970, 6, 1), '-', 942);
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, TutkaCommandTest.discussion("S-1", client, "BOOM") + "\n"
                + TutkaCommandTest.discussion("S-2", client, "THK") + "\n");
        Settings settings = Settings.of(Map.of(
                "tutka.keys.file", dir.resolve("k.properties").toString(),
                "tutka.rules.dir", RulesValidateCommandTest.resource("failing-rules").toString(),
                "tutka.allocations.url", JdbcAllocationStoreFactory.h2FileUrl(dir.resolve("ledger/allocations")),
                "tutka.vault.url", JdbcIdentityVaultFactory.h2FileUrl(dir.resolve("vault/identities"))));

        try (Tutka tutka = Tutka.builder().settings(settings).recordSink(records -> {
            throw new TutkaException(ErrorCode.SINK_FAILURE, "no space left on the records disk");
        }).build()) {
            DecisionFileRun run = new DecisionFileRun(tutka, 10, 1,
                    new ProgressLine(new PrintWriter(new StringWriter()), false));

            assertThatThrownBy(() -> run.run(input, dir.resolve("in.rejected.jsonl")))
                    .isInstanceOfSatisfying(TutkaException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SINK_FAILURE))
                    .hasMessage("SINK_FAILURE: no space left on the records disk");
        }
    }
}
