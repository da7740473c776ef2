package fi.tutka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.cli.TutkaCommandTest.Run;
import fi.tutka.providers.JdbcAllocationStore;
import fi.tutka.providers.JdbcAllocationStoreFactory;
import fi.tutka.spi.Allocation;
import fi.tutka.spi.AllocationRequest;
import fi.tutka.spi.Correction;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tutka trials verify-ledger} and {@code correct} on a real H2 ledger file. */
class TrialsCommandTest {
    static final String SUBJECT_1 = "a".repeat(64);
    static final String SUBJECT_2 = "b".repeat(64);

    @TempDir
    Path dir;
    String url;
    List<Allocation> allocations;

    @BeforeEach
    void ledger() {
        url = JdbcAllocationStoreFactory.h2FileUrl(dir.resolve("ledger/allocations"));
        try (JdbcAllocationStore store = JdbcAllocationStore.open(url, null, null)) {
            allocations = List.of(allocate(store, SUBJECT_1), allocate(store, SUBJECT_2));
        }
    }

    static Allocation allocate(JdbcAllocationStore store, String subject) {
        return store.allocate(new AllocationRequest("youth-coaching", "1", "f".repeat(64), "keyed-hash-v1", subject,
                "179-20260105-ab12cd34", "179", "", "D-" + subject.charAt(0), LocalDate.of(2026, 3, 2),
                "e".repeat(64), "rules-1", Instant.parse("2026-03-02T08:15:30Z"), Set.of(), null),
                sequence -> sequence == 0 ? "treatment" : "control").allocation();
    }

    Run verify() {
        return TutkaCommandTest.tutka("trials", "verify-ledger", "--ledger-url", url);
    }

    @Test
    void anIntactLedgerExitsZero() {
        Run run = verify();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(String.format("Ledger:           %s%nEntries checked:  2%n"
                + "Head:             %s%nChain:            intact%n", url, allocations.get(1).entryHash()));
    }

    @Test
    void aLedgerEditedByHandExitsOneAndNamesThePosition() throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "", "");
                Statement sql = connection.createStatement()) {
            sql.executeUpdate("UPDATE tutka_allocation SET arm = 'treatment' WHERE position = 2");
        }

        Run run = verify();

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).startsWith(String.format("Ledger:           %s%nEntries checked:  2%n"
                + "Head:             %s%nProblems:         1%n  position 2: changed: its fields hash to ", url,
                allocations.get(1).entryHash()))
                .endsWith(", not to its stored entry_hash " + allocations.get(1).entryHash() + System.lineSeparator());
    }

    @Test
    void aLedgerThatCannotBeOpenedExitsTwo() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Run run = TutkaCommandTest.tutka("trials", "verify-ledger", "--ledger-url",
                "jdbc:postgresql://127.0.0.1:" + port + "/tutka");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("tutka: CONFIGURATION: cannot open the allocation ledger at "
                + "jdbc:postgresql://127.0.0.1:" + port + "/tutka (setting 'tutka.allocations.url', or "
                + "--ledger-url): ");
    }

    @Test
    void aCorrectionIsAppendedAndTheChainStaysIntact() {
        Run correct = TutkaCommandTest.tutka("trials", "correct", "--ledger-url", url, "--trial", "youth-coaching",
                "--subject", SUBJECT_1, "--kind", "allocated-in-error", "--reason", "was 30 on the decision date",
                "--actor", "analyst-7");

        assertThat(correct.exitCode()).as(correct.err()).isZero();
        Correction made;
        try (JdbcAllocationStore store = JdbcAllocationStore.open(url, null, null)) {
            assertThat(store.corrections(SUBJECT_1)).hasSize(1);
            made = store.corrections(SUBJECT_1).get(0);
            assertThat(store.allocations(SUBJECT_1)).containsExactly(allocations.get(0));
        }
        assertThat(made.kind()).isEqualTo(Correction.Kind.ALLOCATED_IN_ERROR);
        assertThat(made.reason()).isEqualTo("was 30 on the decision date");
        assertThat(made.actor()).isEqualTo("analyst-7");
        assertThat(correct.out()).isEqualTo(String.format("Correction:       allocated-in-error of %s in trial "
                + "youth-coaching%nPosition:         3%nHead:             %s%n", SUBJECT_1, made.entryHash()));
        Run verify = verify();
        assertThat(verify.exitCode()).isZero();
        assertThat(verify.out()).contains("Entries checked:  3").contains("Head:             " + made.entryHash());
    }

    @Test
    void aCorrectionWithoutAnAllocationOrWithAWrongKindIsAUsageError() {
        Run noAllocation = TutkaCommandTest.tutka("trials", "correct", "--ledger-url", url, "--trial", "other-trial",
                "--subject", SUBJECT_1, "--kind", "withdrawal", "--reason", "moved", "--actor", "analyst-7");
        Run wrongKind = TutkaCommandTest.tutka("trials", "correct", "--ledger-url", url, "--trial", "youth-coaching",
                "--subject", SUBJECT_1, "--kind", "moved", "--reason", "moved", "--actor", "analyst-7");

        assertThat(noAllocation.exitCode()).isEqualTo(2);
        assertThat(noAllocation.err()).isEqualTo("tutka: CONFIGURATION: subject " + SUBJECT_1 + " has no allocation "
                + "in trial other-trial: nothing to correct" + System.lineSeparator());
        assertThat(wrongKind.exitCode()).isEqualTo(2);
        assertThat(wrongKind.err()).contains("'moved' is not a kind of correction: give withdrawal or "
                + "allocated-in-error");
        assertThat(verify().out()).contains("Entries checked:  2");
    }
}
