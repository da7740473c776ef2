package fi.tutka.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fi.tutka.ledger.EntryHash;
import fi.tutka.spi.Allocation;
import fi.tutka.spi.AllocationOutcome;
import fi.tutka.spi.AllocationOutcome.Status;
import fi.tutka.spi.AllocationRequest;
import fi.tutka.spi.ArmPicker;
import fi.tutka.spi.Correction;
import fi.tutka.spi.LedgerCheck;
import fi.tutka.spi.LedgerEntry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every database behind {@link JdbcAllocationStore} must do: each subclass hands a fresh, empty database to
 * every test.
 */
abstract class AllocationStoreContract {
    static final Instant AT = Instant.parse("2026-03-02T08:15:30.123456Z");
    static final ArmPicker ALTERNATE = sequence -> sequence % 2 == 0 ? "treatment" : "control";

    JdbcAllocationStore store;

    /** A fresh, empty database for this test; called before each test. */
    abstract void prepareDatabase() throws Exception;

    abstract String url();

    abstract String user();

    abstract String password();

    /** Lets raw SQL update and delete ledger rows, as a database administrator could. */
    void allowTampering(Statement sql) throws SQLException {
    }

    /** Called after each test, the store closed. */
    void dropDatabase() throws Exception {
    }

    @BeforeEach
    void openStore() throws Exception {
        prepareDatabase();
        store = JdbcAllocationStore.open(url(), user(), password());
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store == null) {
            return; // the test was skipped before a database was prepared
        }
        store.close();
        dropDatabase();
    }

    /** A pseudonym as the engine makes them: 64 hex digits. */
    static String subject(int n) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("subject-" + n).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static AllocationRequest request(String trial, String subject, String stratum, Set<String> exclusiveWith,
            Integer targetSize) {
        return new AllocationRequest(trial, "3", "f".repeat(64), "permuted-blocks-v1", subject, "179-20260105-ab12cd34",
                "179", stratum, "D-" + subject.substring(0, 8), LocalDate.of(2026, 3, 2), "e".repeat(64), "rules-7",
                AT, exclusiveWith, targetSize);
    }

    static AllocationRequest request(String trial, String subject) {
        return request(trial, subject, "", Set.of(), null);
    }

    Connection raw() throws SQLException {
        return DriverManager.getConnection(url(), user(), password());
    }

    /** Runs SQL as an administrator would, around the application. */
    void sql(String... statements) throws SQLException {
        try (Connection connection = raw(); Statement statement = connection.createStatement()) {
            allowTampering(statement);
            for (String sql : statements) {
                statement.executeUpdate(sql);
            }
        }
    }

    // ---- allocating

    @Test
    void allocatesOnceAndReturnsTheSameAllocationAfterwards() {
        AtomicInteger picks = new AtomicInteger();
        ArmPicker counting = sequence -> {
            picks.incrementAndGet();
            return ALTERNATE.arm(sequence);
        };

        AllocationOutcome first = store.allocate(request("youth-coaching", subject(1)), counting);
        AllocationOutcome again = store.allocate(request("youth-coaching", subject(1)), counting);

        assertThat(first.status()).isEqualTo(Status.ALLOCATED);
        assertThat(first.heldBy()).isNull();
        Allocation allocation = first.allocation();
        assertThat(allocation.position()).isEqualTo(1);
        assertThat(allocation.sequence()).isZero();
        assertThat(allocation.arm()).isEqualTo("treatment");
        assertThat(allocation.entryHash()).isEqualTo(EntryHash.of(EntryHash.GENESIS, allocation)).hasSize(64);
        assertThat(again).isEqualTo(new AllocationOutcome(Status.EXISTING, allocation, null));
        assertThat(picks).hasValue(1);
        assertThat(store.allocations(subject(1))).containsExactly(allocation);
        assertThat(store.head()).isEqualTo(allocation.entryHash());

        Allocation other = store.allocate(request("stratified-55", subject(1)), ALTERNATE).allocation();
        assertThat(other.position()).isEqualTo(2);
        assertThat(other.sequence()).isZero();
        assertThat(other.entryHash()).isEqualTo(EntryHash.of(allocation.entryHash(), other));
        assertThat(store.allocations(subject(1))).containsExactly(allocation, other);
        assertThat(store.allocations(subject(2))).isEmpty();
    }

    @Test
    void keepsEveryFieldOfTheRequestToTheMicrosecond() {
        AllocationRequest request = new AllocationRequest("youth-coaching", "3", "a".repeat(64), "keyed-hash-v1",
                subject(1), "179-20260105-ab12cd34", "179", "179/18-24", "D-1", LocalDate.of(2026, 2, 28),
                "b".repeat(64), "rules-7", Instant.parse("2026-03-01T22:30:00.123456789Z"), Set.of(), null);

        Allocation made = store.allocate(request, sequence -> "control").allocation();

        Allocation expected = new Allocation("youth-coaching", "3", "a".repeat(64), "keyed-hash-v1", subject(1),
                "179-20260105-ab12cd34", "179", "179/18-24", 0, "control", "D-1", LocalDate.of(2026, 2, 28),
                "b".repeat(64), "rules-7", Instant.parse("2026-03-01T22:30:00.123456Z"), 1, made.entryHash());
        assertThat(made).isEqualTo(expected);
        assertThat(store.allocations(subject(1))).containsExactly(expected);
        assertThat(made.entryHash()).isEqualTo(EntryHash.of(EntryHash.GENESIS, expected));
    }

    @Test
    void sequenceNumbersCountFromZeroPerTrialAndStratum() {
        List<Long> asked = new ArrayList<>();
        ArmPicker recording = sequence -> {
            asked.add(sequence);
            return "arm-" + sequence;
        };
        String[] strata = {"179/55-59", "179/60-64", "179/55-59", "179/55-59", "179/60-64"};
        List<Long> sequences = new ArrayList<>();
        for (int i = 0; i < strata.length; i++) {
            sequences.add(store.allocate(request("stratified-55", subject(i), strata[i], Set.of(), null), recording)
                    .allocation().sequence());
        }
        sequences.add(store.allocate(request("other", subject(0), "179/55-59", Set.of(), null), recording)
                .allocation().sequence());

        assertThat(sequences).containsExactly(0L, 0L, 1L, 2L, 1L, 0L);
        assertThat(asked).isEqualTo(sequences);
        assertThat(store.allocations(subject(3)).get(0).arm()).isEqualTo("arm-2");
    }

    @Test
    void eightThreadsAllocatingTheSameSubjectsMakeOneAllocationEach() throws Exception {
        int subjects = 2_000;
        String[] strata = {"179/55-59", "179/60-64", "091/55-59"};
        Map<String, Set<String>> armsSeen = new ConcurrentHashMap<>();
        AtomicInteger allocated = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                List<Integer> order = new ArrayList<>(LongStream.range(0, subjects).mapToObj(i -> (int) i).toList());
                Collections.shuffle(order, new Random(t));
                done.add(threads.submit(() -> {
                    for (int i : order) {
                        AllocationOutcome outcome = store.allocate(
                                request("stratified-55", subject(i), strata[i % 3], Set.of(), null), ALTERNATE);
                        if (outcome.status() == Status.ALLOCATED) {
                            allocated.incrementAndGet();
                        }
                        armsSeen.computeIfAbsent(subject(i), s -> ConcurrentHashMap.newKeySet())
                                .add(outcome.allocation().arm());
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(5, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(allocated).hasValue(subjects);
        assertThat(armsSeen).hasSize(subjects);
        assertThat(armsSeen.values()).allSatisfy(arms -> assertThat(arms).hasSize(1));
        Map<String, List<Long>> sequencesByStratum = new TreeMap<>();
        List<Long> positions = new ArrayList<>();
        store.forEachAllocation("stratified-55", a -> {
            sequencesByStratum.computeIfAbsent(a.stratum(), s -> new ArrayList<>()).add(a.sequence());
            positions.add(a.position());
            assertThat(armsSeen.get(a.subject())).containsExactly(a.arm());
            assertThat(a.arm()).isEqualTo(ALTERNATE.arm(a.sequence()));
        });
        assertThat(positions).isEqualTo(LongStream.rangeClosed(1, subjects).boxed().toList());
        assertThat(sequencesByStratum).containsOnlyKeys(strata);
        sequencesByStratum.forEach((stratum, sequences) -> assertThat(sequences)
                .isEqualTo(LongStream.range(0, sequences.size()).boxed().toList()));
        assertThat(sequencesByStratum.values().stream().mapToInt(List::size).sum()).isEqualTo(subjects);
        LedgerCheck check = store.verify();
        assertThat(check.problems()).isEmpty();
        assertThat(check.entries()).isEqualTo(subjects);
    }

    // ---- exclusivity and target size

    @Test
    void exclusiveTrialsCannotBothHoldAClientUntilTheAllocationIsCorrectedAsAnError() {
        Allocation coaching = store.allocate(request("youth-coaching", subject(1)), ALTERNATE).allocation();
        AllocationRequest wage = request("wage-subsidy", subject(1), "", Set.of("youth-coaching", "unrelated"), null);

        assertThat(store.allocate(wage, ALTERNATE))
                .isEqualTo(new AllocationOutcome(Status.EXCLUDED, null, "youth-coaching"));
        assertThat(store.allocate(request("wage-subsidy", subject(2), "", Set.of("youth-coaching"), null), ALTERNATE)
                .status()).isEqualTo(Status.ALLOCATED);

        store.correct("youth-coaching", subject(1), Correction.Kind.WITHDRAWAL, "client moved away", "analyst-7", AT);
        assertThat(store.allocate(wage, ALTERNATE))
                .as("a withdrawn client still counts as allocated")
                .isEqualTo(new AllocationOutcome(Status.EXCLUDED, null, "youth-coaching"));

        store.correct("youth-coaching", subject(1), Correction.Kind.ALLOCATED_IN_ERROR, "was 31 on the decision date",
                "analyst-7", AT);
        AllocationOutcome freed = store.allocate(wage, ALTERNATE);
        assertThat(freed.status()).isEqualTo(Status.ALLOCATED);
        assertThat(freed.allocation().sequence()).isEqualTo(1);
        assertThat(store.allocations(subject(1))).containsExactly(coaching, freed.allocation());
    }

    @Test
    void twoThreadsAllocatingOneClientToTwoExclusiveTrialsLeaveOneWinner() throws Exception {
        int subjects = 60;
        CyclicBarrier together = new CyclicBarrier(2);
        Map<String, List<AllocationOutcome>> outcomes = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String[] trials : new String[][] {{"trial-a", "trial-b"}, {"trial-b", "trial-a"}}) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < subjects; i++) {
                        together.await(30, TimeUnit.SECONDS);
                        outcomes.computeIfAbsent(subject(i), s -> Collections.synchronizedList(new ArrayList<>()))
                                .add(store.allocate(request(trials[0], subject(i), "", Set.of(trials[1]), null),
                                        ALTERNATE));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }

        for (int i = 0; i < subjects; i++) {
            List<AllocationOutcome> pair = outcomes.get(subject(i));
            assertThat(pair).extracting(AllocationOutcome::status)
                    .containsExactlyInAnyOrder(Status.ALLOCATED, Status.EXCLUDED);
            Allocation winner = pair.stream().filter(o -> o.status() == Status.ALLOCATED).findFirst().orElseThrow()
                    .allocation();
            AllocationOutcome loser = pair.stream().filter(o -> o.status() == Status.EXCLUDED).findFirst()
                    .orElseThrow();
            assertThat(loser.heldBy()).isEqualTo(winner.trialId());
            assertThat(loser.allocation()).isNull();
            assertThat(store.allocations(subject(i))).containsExactly(winner);
        }
    }

    @Test
    void theTargetSizeIsNeverExceededUnderConcurrency() throws Exception {
        int target = 50;
        Map<Status, AtomicInteger> counts = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int first = t * 40;
                done.add(threads.submit(() -> {
                    for (int i = first; i < first + 40; i++) {
                        Status status = store.allocate(request("small-trial", subject(i), "", Set.of(), target),
                                ALTERNATE).status();
                        counts.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(counts).containsOnlyKeys(Status.ALLOCATED, Status.TARGET_REACHED);
        assertThat(counts.get(Status.ALLOCATED)).hasValue(target);
        assertThat(counts.get(Status.TARGET_REACHED)).hasValue(320 - target);
        List<Allocation> made = new ArrayList<>();
        store.forEachAllocation("small-trial", made::add);
        assertThat(made).hasSize(target);
        Allocation member = made.get(7);
        assertThat(store.allocate(request("small-trial", member.subject(), "", Set.of(), target), ALTERNATE))
                .as("a client already in a full trial gets the allocation back")
                .isEqualTo(new AllocationOutcome(Status.EXISTING, member, null));
        assertThat(store.allocate(request("small-trial", subject(999), "", Set.of(), target), ALTERNATE))
                .isEqualTo(new AllocationOutcome(Status.TARGET_REACHED, null, null));
    }

    // ---- corrections

    @Test
    void correctionsAreAppendedAndTheAllocationStaysAsItWas() {
        Allocation allocation = store.allocate(request("youth-coaching", subject(1)), ALTERNATE).allocation();
        Instant at = Instant.parse("2026-04-01T10:00:00.000001999Z");

        Correction correction = store.correct("youth-coaching", subject(1), Correction.Kind.WITHDRAWAL,
                "client asked to leave the trial", "analyst-7", at);

        Correction expected = new Correction("youth-coaching", subject(1), Correction.Kind.WITHDRAWAL,
                "client asked to leave the trial", "analyst-7", Instant.parse("2026-04-01T10:00:00.000001Z"), 2,
                EntryHash.of(allocation.entryHash(), correction));
        assertThat(correction).isEqualTo(expected);
        assertThat(store.corrections(subject(1))).containsExactly(expected);
        assertThat(store.corrections(subject(2))).isEmpty();
        assertThat(store.allocations(subject(1))).containsExactly(allocation);
        assertThat(store.head()).isEqualTo(expected.entryHash());
        assertThat(store.allocate(request("youth-coaching", subject(1)), ALTERNATE).status())
                .isEqualTo(Status.EXISTING);
    }

    @Test
    void aCorrectionNeedsAnAllocationAReasonAndAnActorAndNoIdentityCode() {
        store.allocate(request("youth-coaching", subject(1)), ALTERNATE);
        String head = store.head();

        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> store.correct("other-trial", subject(1),
                Correction.Kind.WITHDRAWAL, "moved", "analyst-7", AT))).hasMessage("subject " + subject(1)
                + " has no allocation in trial other-trial: nothing to correct");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> store.correct("youth-coaching",
                subject(1), Correction.Kind.WITHDRAWAL, " ", "analyst-7", AT))).hasMessage("reason is blank: the "
                + "ledger needs it");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> store.correct("youth-coaching",
                subject(1), Correction.Kind.WITHDRAWAL, "moved", null, AT))).hasMessage("actor is missing: the "
                + "ledger needs it");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> store.correct("youth-coaching",
                subject(1), Correction.Kind.WITHDRAWAL, "moved", "100190-999P", AT))).hasMessage("actor holds "
                + "something shaped like a personal identity code, which the ledger must never hold: leave it out");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> store.correct("youth-coaching",
                subject(1), Correction.Kind.ALLOCATED_IN_ERROR, "client 100190Y999P is not eligible", "analyst-7",
                AT))).hasMessageStartingWith("reason holds something shaped like a personal identity code");
        assertThat(store.head()).isEqualTo(head);
        assertThat(store.corrections(subject(1))).isEmpty();
    }

    @Test
    void anIdentityCodeIsNeverAllocated() {
        IllegalArgumentException refused = catchThrowableOfType(IllegalArgumentException.class,
                () -> store.allocate(request("youth-coaching", "100190-999P"), ALTERNATE));

        assertThat(refused).hasMessage("subject holds something shaped like a personal identity code, which the "
                + "ledger must never hold: leave it out");
        assertThat(store.head()).isEmpty();
        assertThat(store.verify()).isEqualTo(new LedgerCheck(0, "", List.of()));
    }

    // ---- reading

    @Test
    void streamsEveryEntryInPositionOrder() {
        int subjects = 700;  // more entries than one fetch
        for (int i = 0; i < subjects; i++) {
            store.allocate(request(i % 2 == 0 ? "even-trial" : "odd-trial", subject(i)), ALTERNATE);
            if (i % 5 == 0) {
                store.correct(i % 2 == 0 ? "even-trial" : "odd-trial", subject(i), Correction.Kind.WITHDRAWAL,
                        "moved away", "analyst-7", AT);
            }
        }

        List<LedgerEntry> entries = new ArrayList<>();
        store.forEachEntry(entries::add);
        List<Allocation> even = new ArrayList<>();
        store.forEachAllocation("even-trial", even::add);

        assertThat(entries).hasSize(subjects + subjects / 5);
        assertThat(entries).extracting(LedgerEntry::position)
                .isEqualTo(LongStream.rangeClosed(1, entries.size()).boxed().toList());
        assertThat(entries.stream().filter(Correction.class::isInstance).count()).isEqualTo(subjects / 5);
        assertThat(entries.get(1)).isEqualTo(store.corrections(subject(0)).get(0));
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).entryHash())
                    .isEqualTo(EntryHash.of(entries.get(i - 1).entryHash(), entries.get(i)));
        }
        assertThat(even).hasSize(subjects / 2);
        assertThat(even).extracting(Allocation::sequence)
                .isEqualTo(LongStream.range(0, subjects / 2).boxed().toList());
        assertThat(even).isEqualTo(entries.stream().filter(e -> e instanceof Allocation a
                && a.trialId().equals("even-trial")).toList());
        assertThat(store.head()).isEqualTo(entries.get(entries.size() - 1).entryHash());
    }

    @Test
    void anEmptyLedgerIsIntactAndHasNoHead() {
        assertThat(store.head()).isEmpty();
        assertThat(store.verify()).isEqualTo(new LedgerCheck(0, "", List.of()));
        List<LedgerEntry> entries = new ArrayList<>();
        store.forEachEntry(entries::add);
        assertThat(entries).isEmpty();
    }

    @Test
    void reopeningKeepsTheLedgerAndItsSchema() {
        Allocation allocation = store.allocate(request("youth-coaching", subject(1)), ALTERNATE).allocation();
        store.close();

        store = JdbcAllocationStore.open(url(), user(), password());

        assertThat(store.allocations(subject(1))).containsExactly(allocation);
        assertThat(store.verify()).isEqualTo(new LedgerCheck(1, allocation.entryHash(), List.of()));
    }

    // ---- tampering
    @Test
    void appendsMadeDuringACheckAreNotMistakenForTampering() throws Exception {
        for (int i = 0; i < 200; i++) {
            store.allocate(request("youth-coaching", subject(i)), ALTERNATE);
        }
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> appending = writer.submit(() -> {
                for (int i = 200; i < 600; i++) {
                    store.allocate(request("youth-coaching", subject(i)), ALTERNATE);
                }
            });
            int checks = 0;
            while (!appending.isDone() || checks < 3) {
                LedgerCheck check = store.verify();
                assertThat(check.problems()).isEmpty();
                assertThat(check.entries()).isBetween(200L, 600L);
                checks++;
            }
            appending.get();
        } finally {
            writer.shutdownNow();
        }
        assertThat(store.verify().entries()).isEqualTo(600);
    }


    /** Three allocations and a correction: positions 1 to 4. */
    List<LedgerEntry> smallLedger() {
        store.allocate(request("youth-coaching", subject(1)), ALTERNATE);
        store.allocate(request("youth-coaching", subject(2)), ALTERNATE);
        store.correct("youth-coaching", subject(1), Correction.Kind.WITHDRAWAL, "moved away", "analyst-7", AT);
        store.allocate(request("youth-coaching", subject(3)), ALTERNATE);
        List<LedgerEntry> entries = new ArrayList<>();
        store.forEachEntry(entries::add);
        assertThat(store.verify().problems()).isEmpty();
        return entries;
    }

    @Test
    void everyColumnOfEveryEntryIsCovered() throws SQLException {
        smallLedger();
        List<String> changed = new ArrayList<>();
        for (String table : List.of("tutka_allocation", "tutka_correction")) {
            long position = table.equals("tutka_allocation") ? 2 : 3;
            for (Map.Entry<String, Object> column : row(table, position).entrySet()) {
                String name = column.getKey();
                Object original = column.getValue();
                Object altered = altered(original);
                long movedTo = name.equals("position") ? (Long) altered : position;
                setColumn(table, name, position, altered);
                List<String> problems = store.verify().problems();
                assertThat(problems).as(table + "." + name)
                        .anyMatch(p -> p.startsWith("position " + position + ":")
                                || p.startsWith("position " + movedTo + ":"));
                setColumn(table, name, movedTo, original);
                assertThat(store.verify().problems()).as("restored " + table + "." + name).isEmpty();
                changed.add(table + "." + name);
            }
        }
        assertThat(changed).hasSize(18 + 9);
    }

    @Test
    void aChangedArmIsReportedAtItsPosition() throws SQLException {
        List<LedgerEntry> entries = smallLedger();
        sql("UPDATE tutka_allocation SET arm = 'control' WHERE position = 1");

        LedgerCheck check = store.verify();

        Allocation edited = withArm((Allocation) entries.get(0), "control");
        assertThat(check.problems()).containsExactly("position 1: changed: its fields hash to "
                + EntryHash.of(EntryHash.GENESIS, edited) + ", not to its stored entry_hash " + edited.entryHash());
        assertThat(check.entries()).isEqualTo(4);
        assertThat(check.head()).isEqualTo(entries.get(3).entryHash());
    }

    @Test
    void aChangedSequenceNumberOrReasonIsReported() throws SQLException {
        smallLedger();
        sql("UPDATE tutka_allocation SET sequence_number = 7 WHERE position = 2",
                "UPDATE tutka_correction SET reason = 'moved abroad' WHERE position = 3");

        assertThat(store.verify().problems()).hasSize(2)
                .satisfiesExactly(p -> assertThat(p).startsWith("position 2: changed: its fields hash to "),
                        p -> assertThat(p).startsWith("position 3: changed: its fields hash to "));
    }

    @Test
    void aRehashedEntryBreaksTheLinkToTheNext() throws SQLException {
        List<LedgerEntry> entries = smallLedger();
        Allocation edited = withArm((Allocation) entries.get(1), "treatment");
        String rehashed = EntryHash.of(entries.get(0).entryHash(), edited);
        sql("UPDATE tutka_allocation SET arm = 'treatment', entry_hash = '" + rehashed + "' WHERE position = 2");

        assertThat(store.verify().problems()).containsExactly("position 3: previous_hash "
                + entries.get(1).entryHash() + " is not the hash of entry 2, " + rehashed
                + " (an entry before it was inserted, removed, reordered or re-hashed)");
    }

    @Test
    void aRemovedEntryIsReported() throws SQLException {
        smallLedger();
        sql("DELETE FROM tutka_allocation WHERE position = 2");

        LedgerCheck check = store.verify();

        assertThat(check.problems()).containsExactly("position 2: missing (an entry was removed)");
        assertThat(check.entries()).isEqualTo(3);
    }

    @Test
    void aRemovedNewestEntryLeavesTheHeadPointingPastTheEnd() throws SQLException {
        List<LedgerEntry> entries = smallLedger();
        sql("DELETE FROM tutka_allocation WHERE position = 4");

        assertThat(store.verify().problems()).containsExactly("head: position 4, hash '" + entries.get(3).entryHash()
                + "' does not match the last entry, position 3, hash " + entries.get(2).entryHash()
                + " (the head or the newest entries were changed)");
    }

    @Test
    void anInsertedEntryIsReported() throws SQLException {
        List<LedgerEntry> entries = smallLedger();
        Allocation copy = (Allocation) entries.get(1);
        sql("INSERT INTO tutka_allocation (position, trial_id, trial_version, protocol_fingerprint, method, subject, "
                + "subject_key, area, stratum, sequence_number, arm, decision_id, decision_local_date, snapshot_hash, "
                + "ruleset_version, allocated_at, previous_hash, entry_hash) SELECT 3, trial_id, trial_version, "
                + "protocol_fingerprint, method, '" + subject(9) + "', subject_key, area, stratum, 5, arm, "
                + "decision_id, decision_local_date, snapshot_hash, ruleset_version, allocated_at, previous_hash, "
                + "entry_hash FROM tutka_allocation WHERE position = 2");

        List<String> problems = store.verify().problems();

        assertThat(copy.position()).isEqualTo(2);
        assertThat(problems).contains("position 3: a second entry at this position (an entry was inserted)");
        assertThat(problems).allMatch(p -> p.startsWith("position 3:") || p.startsWith("position 4:"));
    }

    @Test
    void swappedPositionsAreReported() throws SQLException {
        smallLedger();
        sql("UPDATE tutka_allocation SET position = 100 WHERE position = 1",
                "UPDATE tutka_allocation SET position = 1 WHERE position = 2",
                "UPDATE tutka_allocation SET position = 2 WHERE position = 100");

        List<String> problems = store.verify().problems();

        assertThat(problems).anyMatch(p -> p.startsWith("position 1: changed"));
        assertThat(problems).anyMatch(p -> p.startsWith("position 2: changed"));
    }

    @Test
    void aMovedHeadIsReported() throws SQLException {
        List<LedgerEntry> entries = smallLedger();
        sql("UPDATE tutka_ledger_head SET position = 3, entry_hash = '" + entries.get(2).entryHash() + "'");

        assertThat(store.verify().problems()).containsExactly("head: position 3, hash '" + entries.get(2).entryHash()
                + "' does not match the last entry, position 4, hash " + entries.get(3).entryHash()
                + " (the head or the newest entries were changed)");
    }

    static Allocation withArm(Allocation a, String arm) {
        return new Allocation(a.trialId(), a.trialVersion(), a.protocolFingerprint(), a.method(), a.subject(),
                a.subjectKey(), a.area(), a.stratum(), a.sequence(), arm, a.decisionId(), a.decisionLocalDate(),
                a.snapshotHash(), a.rulesetVersion(), a.allocatedAt(), a.position(), a.entryHash());
    }

    /** Every column of one row, by lower-case name. */
    Map<String, Object> row(String table, long position) throws SQLException {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        try (Connection connection = raw(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + table + " WHERE position = " + position)) {
            assertThat(rs.next()).isTrue();
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String name = meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT);
                Object value = rs.getObject(i);
                row.put(name, name.endsWith("_at") ? rs.getObject(i, OffsetDateTime.class)
                        : name.endsWith("_date") ? rs.getObject(i, LocalDate.class) : value);
            }
        }
        return row;
    }

    static Object altered(Object value) {
        if ("WITHDRAWAL".equals(value)) {
            return "ALLOCATED_IN_ERROR";  // the only other kind the table's check allows
        } else if (value instanceof String s) {
            return s.length() == 64 ? (s.charAt(0) == '0' ? "1" : "0") + s.substring(1) : s + "x";
        } else if (value instanceof Long n) {
            return n + 1000;  // clear of the unique sequence numbers and positions
        } else if (value instanceof LocalDate d) {
            return d.plusDays(1);
        } else if (value instanceof OffsetDateTime t) {
            return t.plusNanos(1_000);
        }
        throw new AssertionError("no way to alter " + value.getClass());
    }

    void setColumn(String table, String column, long position, Object value) throws SQLException {
        try (Connection connection = raw(); Statement guard = connection.createStatement()) {
            allowTampering(guard);
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET " + column
                    + " = ? WHERE position = ?")) {
                update.setObject(1, value);
                update.setLong(2, position);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
        }
    }

    // ---- two processes

    @Test
    void aSecondProcessAllocatingTheSameSubjectsAtOnceGetsTheSameAllocations() throws Exception {
        int subjects = 300;
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LedgerClient.class.getName(), url(),
                String.valueOf(user()), String.valueOf(subjects));
        builder.environment().put(LedgerClient.PASSWORD_VARIABLE, String.valueOf(password()));
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process child = builder.start();
        Map<String, String> childArms = new HashMap<>();
        int childAllocated = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8)); Writer in = new OutputStreamWriter(child.getOutputStream(),
                StandardCharsets.UTF_8)) {
            assertThat(out.readLine()).isEqualTo("ready");
            in.write("go\n");
            in.flush();
            ConcurrentLinkedQueue<AllocationOutcome> mine = new ConcurrentLinkedQueue<>();
            for (int i = subjects - 1; i >= 0; i--) {
                mine.add(store.allocate(request("two-processes", subject(i)), ALTERNATE));
            }
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                String[] parts = line.split(" ");
                childArms.put(parts[0], parts[1]);
                childAllocated += parts[2].equals("ALLOCATED") ? 1 : 0;
            }
            assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(child.exitValue()).isZero();

            int myAllocated = (int) mine.stream().filter(o -> o.status() == Status.ALLOCATED).count();
            assertThat(myAllocated + childAllocated).isEqualTo(subjects);
            assertThat(childArms).hasSize(subjects);
            Map<String, String> myArms = mine.stream().collect(Collectors.toMap(o -> o.allocation().subject(),
                    o -> o.allocation().arm()));
            assertThat(myArms).isEqualTo(childArms);
        } finally {
            child.destroyForcibly();
        }
        List<Allocation> all = new ArrayList<>();
        store.forEachAllocation("two-processes", all::add);
        assertThat(all).extracting(Allocation::sequence)
                .isEqualTo(LongStream.range(0, subjects).boxed().toList());
        assertThat(store.verify().problems()).isEmpty();
    }

    /** The second process: opens the ledger, waits for "go", allocates, prints "subject arm status" lines. */
    static final class LedgerClient {
        static final String PASSWORD_VARIABLE = "TUTKA_TEST_LEDGER_PASSWORD";

        public static void main(String[] args) throws Exception {
            String user = args[1].equals("null") ? null : args[1];
            String password = System.getenv(PASSWORD_VARIABLE);
            try (JdbcAllocationStore store = JdbcAllocationStore.open(args[0], user,
                    password == null || password.equals("null") ? null : password)) {
                System.out.println("ready");
                if (!"go".equals(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                        .readLine())) {
                    System.exit(3);
                }
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                    AllocationOutcome outcome = store.allocate(request("two-processes", subject(i)), ALTERNATE);
                    lines.append(subject(i)).append(' ').append(outcome.allocation().arm()).append(' ')
                            .append(outcome.status()).append('\n');
                }
                System.out.print(lines);
            }
        }
    }
}
