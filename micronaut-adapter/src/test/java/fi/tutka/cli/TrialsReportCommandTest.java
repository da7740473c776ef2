package fi.tutka.cli;

import static fi.tutka.cli.TutkaCommandTest.tutka;
import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.cli.TutkaCommandTest.Run;
import fi.tutka.providers.JdbcAllocationStore;
import fi.tutka.providers.JdbcAllocationStoreFactory;
import fi.tutka.spi.AllocationRequest;
import fi.tutka.spi.AllocationStore;
import fi.tutka.spi.Correction;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tutka trials report} over a ledger holding allocations in the bundled trials. */
class TrialsReportCommandTest {
    static final Instant AT = Instant.parse("2026-10-05T09:00:00Z");

    @TempDir
    Path dir;

    String ledgerUrl() {
        return JdbcAllocationStoreFactory.h2FileUrl(dir.resolve("ledger/allocations"));
    }

    /** 6 control and 4 intensified in the youth trial, one of them withdrawn; 2 in one stratum of the 55+ trial. */
    void fillLedger() {
        try (AllocationStore store = JdbcAllocationStore.open(ledgerUrl(), null, null)) {
            for (int i = 0; i < 10; i++) {
                allocate(store, "youth-coaching-2026", "", "y" + i, i < 6 ? "control" : "intensified");
            }
            store.correct("youth-coaching-2026", "y0", Correction.Kind.WITHDRAWAL, "moved abroad", "steward", AT);
            allocate(store, "older-long-term-unemployed-2026", "179/55-59", "o0", "intensified");
            allocate(store, "older-long-term-unemployed-2026", "179/55-59", "o1", "usual_services");
        }
    }

    static void allocate(AllocationStore store, String trialId, String stratum, String subject, String arm) {
        store.allocate(new AllocationRequest(trialId, "1", "f".repeat(64), "keyed-hash-v1", subject, "k1", "179",
                stratum, "d-" + subject, LocalDate.of(2026, 10, 5), "0".repeat(64), "r1", AT, Set.of(), null),
                sequence -> arm);
    }

    Run report(String... more) {
        String[] args = new String[6 + more.length];
        System.arraycopy(new String[] {"trials", "report", "--records", dir.resolve("records").toString(),
            "--keys", dir.resolve("keys.properties").toString()}, 0, args, 0, 6);
        System.arraycopy(more, 0, args, 6, more.length);
        return tutka(args);
    }

    @Test
    void printsEachBundledTrialsBalanceAsTables() {
        fillLedger();

        Run run = report("--ledger-url", ledgerUrl());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("youth-coaching-2026: Intensified coaching for young jobseekers\n"
                + "keyed-hash-v1, expected ratio 1:1 (control:intensified), allocated under version 1\n")
                .containsPattern("total +control +6 +5\\.0 +1 +0 +0\\.400 +1 +0\\.5271\n +intensified +4 +5\\.0 +0 "
                        + "+0\n")
                .contains("older-long-term-unemployed-2026: ")
                .containsPattern("179/55-59 +usual_services +1 +1\\.0 +0 +0 +0\\.000 +1 +1\\.0000 \\(few\\)\n");
    }

    @Test
    void printsJsonWithJson() {
        fillLedger();

        Run run = report("--ledger-url", ledgerUrl(), "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonObject report = Json.createReader(new StringReader(run.out())).readObject();
        JsonObject youth = report.getJsonArray("trials").stream().map(JsonObject.class::cast)
                .filter(trial -> trial.getString("trial_id").equals("youth-coaching-2026")).findFirst().orElseThrow();
        JsonObject total = youth.getJsonObject("total");
        assertThat(total.getJsonNumber("allocations").longValue()).isEqualTo(10);
        assertThat(total.getJsonNumber("withdrawn").longValue()).isEqualTo(1);
        assertThat(total.getJsonNumber("chi_square").bigDecimalValue()).isEqualByComparingTo("0.4");
        assertThat(total.getJsonNumber("p_value").bigDecimalValue()).isEqualByComparingTo("0.5271");
        assertThat(report.getJsonArray("not_loaded")).isEmpty();
    }

    @Test
    void aLedgerThatDoesNotExistIsAnErrorAndNothingIsCreated() {
        Run run = report();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no allocation ledger at " + dir.resolve("ledger/allocations.mv.db")
                + " (beside --records " + dir.resolve("records") + "): give the --records folder that tutka run "
                + "wrote to, or the ledger's --ledger-url");
        assertThat(dir.resolve("ledger")).doesNotExist();
        assertThat(dir.resolve("records")).doesNotExist();
    }

    @Test
    void aBadLedgerUrlOrOptionExitsWithTwo() {
        Run url = report("--ledger-url", "jdbc:mysql://localhost/tutka");
        assertThat(url.exitCode()).isEqualTo(2);
        assertThat(url.err()).contains("jdbc:mysql://localhost/tutka").contains("jdbc:h2:");

        Run option = report("--csv");
        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.err()).contains("--csv");
    }
}
