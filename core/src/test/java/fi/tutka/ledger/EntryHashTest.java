package fi.tutka.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.DocsScripts;
import fi.tutka.spi.Allocation;
import fi.tutka.spi.Correction;
import fi.tutka.spi.LedgerCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The canonical form published in docs/ledger.md, its worked example, and the chain check on its own. */
class EntryHashTest {
    static final String SUBJECT = "5d41402abc4b2a76b9719d911017c592aa3bbbcfd9e5f0a5ca0ab5a1e1b13c85";

    static final Allocation EXAMPLE_ALLOCATION = new Allocation("youth-coaching-2026", "1",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "keyed-hash-v1", SUBJECT,
            "179-20260105-1a2b3c4d", "179", "", 0, "intensified", "D-2026-000123", LocalDate.of(2026, 3, 2),
            "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", "2026.03-1",
            Instant.parse("2026-03-02T08:15:30.25Z"), 1, "");

    static final String EXAMPLE_ALLOCATION_TEXT = """
            previous_hash=0000000000000000000000000000000000000000000000000000000000000000
            position=1
            kind=ALLOCATION
            trial_id=youth-coaching-2026
            trial_version=1
            protocol_fingerprint=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
            method=keyed-hash-v1
            subject=5d41402abc4b2a76b9719d911017c592aa3bbbcfd9e5f0a5ca0ab5a1e1b13c85
            subject_key=179-20260105-1a2b3c4d
            area=179
            stratum=
            sequence_number=0
            arm=intensified
            decision_id=D-2026-000123
            decision_local_date=2026-03-02
            snapshot_hash=2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae
            ruleset_version=2026.03-1
            allocated_at=2026-03-02T08:15:30.250000Z
            """;
    static final String EXAMPLE_ALLOCATION_HASH =
            "9a669da88966e0c1fe5094a8c7b53c4271a707f40bde6b96d7ee5af1e2758c1c";

    static final Correction EXAMPLE_CORRECTION = new Correction("youth-coaching-2026", SUBJECT,
            Correction.Kind.WITHDRAWAL, "client moved to another area\\region", "analyst-179-07",
            Instant.parse("2026-04-15T10:00:00Z"), 2, "");
    static final String EXAMPLE_CORRECTION_HASH =
            "a2617680eeffe1ec6069fa2271d22f125f8cb92f5c5cbbd352517917a278bb10";

    @Test
    void theWorkedExampleHashesAsPublished() {
        assertThat(EntryHash.canonical(EntryHash.GENESIS, EXAMPLE_ALLOCATION)).isEqualTo(EXAMPLE_ALLOCATION_TEXT);
        assertThat(EntryHash.of(EntryHash.GENESIS, EXAMPLE_ALLOCATION)).isEqualTo(EXAMPLE_ALLOCATION_HASH);
        assertThat(EntryHash.canonical(EXAMPLE_ALLOCATION_HASH, EXAMPLE_CORRECTION)).isEqualTo("previous_hash="
                + EXAMPLE_ALLOCATION_HASH + "\nposition=2\nkind=WITHDRAWAL\ntrial_id=youth-coaching-2026\nsubject="
                + SUBJECT + "\nreason=client moved to another area\\\\region\nactor=analyst-179-07\n"
                + "corrected_at=2026-04-15T10:00:00.000000Z\n");
        assertThat(EntryHash.of(EXAMPLE_ALLOCATION_HASH, EXAMPLE_CORRECTION)).isEqualTo(EXAMPLE_CORRECTION_HASH);
    }

    @Test
    void theDocsShowTheWorkedExample() throws IOException {
        Path doc = Path.of("..", "docs", "ledger.md");
        Assumptions.assumeTrue(Files.exists(doc), "docs/ledger.md beside the core module");
        String text = Files.readString(doc);

        assertThat(text).contains(EXAMPLE_ALLOCATION_TEXT).contains(EXAMPLE_ALLOCATION_HASH)
                .contains(EXAMPLE_CORRECTION_HASH);
    }

    @Test
    void thePublishedPythonGivesTheSameHashes() throws Exception {
        assertThat(DocsScripts.python("ledger_hash.py"))
                .isEqualTo(EXAMPLE_ALLOCATION_HASH + "\n" + EXAMPLE_CORRECTION_HASH + "\n");
    }

    @Test
    void lineBreaksAndBackslashesInAValueCannotPassForAnotherField() {
        Correction plain = new Correction("t", "s", Correction.Kind.WITHDRAWAL, "a", "b\nactor=c", Instant.EPOCH, 1,
                "");
        Correction shifted = new Correction("t", "s", Correction.Kind.WITHDRAWAL, "a\nactor=b", "c", Instant.EPOCH,
                1, "");

        assertThat(EntryHash.canonical(EntryHash.GENESIS, plain)).contains("reason=a\nactor=b\\nactor=c\n");
        assertThat(EntryHash.of(EntryHash.GENESIS, plain)).isNotEqualTo(EntryHash.of(EntryHash.GENESIS, shifted));
    }

    @Test
    void aWhollyRewrittenLedgerListsAThousandProblemsAndCountsTheRest() {
        ChainCheck check = new ChainCheck();
        for (long position = 1; position <= 1_005; position++) {
            check.next(new Correction("t", "s", Correction.Kind.WITHDRAWAL, "r", "a", Instant.EPOCH, position,
                    "f".repeat(64)), "f".repeat(64));
        }

        LedgerCheck result = check.finish(1_005, "f".repeat(64));

        assertThat(result.entries()).isEqualTo(1_005);
        assertThat(result.problems()).hasSize(1_001);
        assertThat(result.problems().get(0)).startsWith("position 1: previous_hash ffff");
        assertThat(result.problems().get(1_000)).isEqualTo("and 6 more problems");
        assertThat(result.head()).isEqualTo("f".repeat(64));
        assertThat(List.copyOf(result.problems())).doesNotHaveDuplicates();
    }
}
