package fi.tutka.providers;

import static fi.tutka.providers.JdbcDatabase.count;
import static fi.tutka.providers.JdbcDatabase.query;
import static fi.tutka.providers.JdbcDatabase.update;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.ledger.ChainCheck;
import fi.tutka.ledger.EntryHash;
import fi.tutka.spi.Allocation;
import fi.tutka.spi.AllocationOutcome;
import fi.tutka.spi.AllocationRequest;
import fi.tutka.spi.AllocationStore;
import fi.tutka.spi.ArmPicker;
import fi.tutka.spi.Correction;
import fi.tutka.spi.LedgerCheck;
import fi.tutka.spi.LedgerEntry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The allocation ledger in a relational database over JDBC: H2 in a file (the embedded default) or PostgreSQL. The
 * schema is created and upgraded by the migrations in {@code db/tutka-ledger}. Every append locks the one row of
 * {@code tutka_ledger_head} first, so appends are serial across threads and processes and each sees the ledger as the
 * previous one left it. Rows are only ever inserted (on PostgreSQL a trigger refuses anything else).
 *
 * <p>A correction of kind {@link Correction.Kind#ALLOCATED_IN_ERROR} frees the client for trials exclusive with the
 * corrected one; a {@link Correction.Kind#WITHDRAWAL} does not, since the withdrawn allocation still counts.
 */
public final class JdbcAllocationStore implements AllocationStore {
    static final String URL_SETTING = "tutka.allocations.url";
    static final String USER_SETTING = "tutka.allocations.user";
    static final String PASSWORD_SETTING = "tutka.allocations.password";

    /** Waiting for a connection or a login is bounded by this. */
    static final int CONNECT_TIMEOUT_SECONDS = JdbcDatabase.CONNECT_TIMEOUT_SECONDS;
    private static final int MAX_TEXT = 200;
    private static final int MAX_REASON = 4000;

    private static final String ALLOCATION_COLUMNS = "position, trial_id, trial_version, protocol_fingerprint, "
            + "method, subject, subject_key, area, stratum, sequence_number, arm, decision_id, decision_local_date, "
            + "snapshot_hash, ruleset_version, allocated_at, previous_hash, entry_hash";
    private static final String CORRECTION_COLUMNS =
            "position, trial_id, subject, kind, reason, actor, corrected_at, previous_hash, entry_hash";
    /** Both entry kinds in one position-ordered stream; the columns an entry lacks are null. */
    private static final String ALL_ENTRIES = "SELECT position, 'ALLOCATION' AS kind, trial_id, subject, "
            + "trial_version, protocol_fingerprint, method, subject_key, area, stratum, sequence_number, arm, "
            + "decision_id, decision_local_date, snapshot_hash, ruleset_version, allocated_at AS at, "
            + "CAST(NULL AS VARCHAR(4000)) AS reason, CAST(NULL AS VARCHAR(200)) AS actor, previous_hash, entry_hash "
            + "FROM tutka_allocation UNION ALL SELECT position, kind, trial_id, subject, CAST(NULL AS VARCHAR(200)), "
            + "CAST(NULL AS VARCHAR(200)), CAST(NULL AS VARCHAR(200)), CAST(NULL AS VARCHAR(200)), "
            + "CAST(NULL AS VARCHAR(200)), CAST(NULL AS VARCHAR(200)), CAST(NULL AS BIGINT), "
            + "CAST(NULL AS VARCHAR(200)), CAST(NULL AS VARCHAR(200)), CAST(NULL AS DATE), "
            + "CAST(NULL AS VARCHAR(200)), CAST(NULL AS VARCHAR(200)), corrected_at, reason, actor, previous_hash, "
            + "entry_hash FROM tutka_correction ORDER BY position, kind";

    /** How the ledger's messages name it and its settings. */
    private static final JdbcDatabase.Naming NAMING = new JdbcDatabase.Naming("allocation ledger", "tutka-ledger",
            "tutka_ledger_schema_history", ErrorCode.LEDGER_FAILURE, URL_SETTING, USER_SETTING, PASSWORD_SETTING,
            "--ledger-url", "--ledger-user", "TUTKA_ALLOCATIONS_PASSWORD");

    private final JdbcDatabase database;

    /** The ledger's migrations: on PostgreSQL also the trigger that refuses changes to entries. */
    static JdbcDatabase.Schema schema(JdbcDatabase.Kind kind) {
        return kind == JdbcDatabase.Kind.POSTGRESQL
                ? new JdbcDatabase.Schema(List.of("classpath:db/tutka-ledger/common",
                        "classpath:db/tutka-ledger/postgresql"), "1.1")
                : new JdbcDatabase.Schema(List.of("classpath:db/tutka-ledger/common"), "1");
    }

    private JdbcAllocationStore(JdbcDatabase database) {
        this.database = database;
    }

    /**
     * Opens the ledger, creating or upgrading its schema.
     *
     * @param url      {@code jdbc:h2:...} or {@code jdbc:postgresql://...}
     * @param user     null for the driver's default
     * @param password null for none
     * @throws TutkaException {@link ErrorCode#CONFIGURATION} naming {@value #URL_SETTING} when the database cannot
     *                        be reached within {@value #CONNECT_TIMEOUT_SECONDS} seconds or refuses the login
     */
    public static JdbcAllocationStore open(String url, String user, String password) {
        return new JdbcAllocationStore(JdbcDatabase.open(url, user, password, NAMING, JdbcAllocationStore::schema));
    }

    /**
     * The isolation level that reads one snapshot of every table: on H2 only serializable does (under repeatable
     * read, rows appended meanwhile show in a later query).
     */
    private int snapshotIsolation() {
        return database.kind() == JdbcDatabase.Kind.H2 ? Connection.TRANSACTION_SERIALIZABLE
                : Connection.TRANSACTION_REPEATABLE_READ;
    }

    /** The URL without any password in it. */
    public String url() {
        return database.url();
    }

    @Override
    public List<Allocation> allocations(String subject) {
        return bySubject("tutka_allocation", ALLOCATION_COLUMNS, JdbcAllocationStore::allocation, subject);
    }

    @Override
    public List<Correction> corrections(String subject) {
        return bySubject("tutka_correction", CORRECTION_COLUMNS, rs -> correction(rs, "corrected_at"), subject);
    }

    private <T> List<T> bySubject(String table, String columns, Mapper<T> mapper, String subject) {
        return database.inTransaction("read " + table, connection -> {
            List<T> found = new ArrayList<>();
            query(connection, "SELECT " + columns + " FROM " + table + " WHERE subject = ? ORDER BY position",
                    rs -> found.add(mapper.map(rs)), subject);
            return found;
        });
    }

    @Override
    public AllocationOutcome allocate(AllocationRequest request, ArmPicker arms) {
        check(request);
        Objects.requireNonNull(arms, "arms");
        try {
            return allocateOnce(request, arms);
        } catch (TutkaException e) {
            // The head lock makes a second insert for the client impossible; should the database still refuse one as
            // a duplicate (unique key, SQL state 23505), the client is allocated: the other transaction's is the one.
            if (!(e.getCause() instanceof SQLException sql) || !"23505".equals(sql.getSQLState())) {
                throw e;
            }
            Allocation winner = database.inTransaction("read the allocation made at the same time",
                    connection -> existing(connection, request.trialId(), request.subject()));
            if (winner == null) {
                throw e;
            }
            return new AllocationOutcome(AllocationOutcome.Status.EXISTING, winner, null);
        }
    }

    private AllocationOutcome allocateOnce(AllocationRequest request, ArmPicker arms) {
        return database.inTransaction("allocate", connection -> {
            // Allocations never change, so one found without the lock is final: replays do not queue for it.
            Allocation existing = existing(connection, request.trialId(), request.subject());
            if (existing == null) {
                Head head = lockHead(connection);
                existing = existing(connection, request.trialId(), request.subject());
                if (existing == null) {
                    return allocateLocked(connection, head, request, arms);
                }
            }
            return new AllocationOutcome(AllocationOutcome.Status.EXISTING, existing, null);
        });
    }

    private AllocationOutcome allocateLocked(Connection connection, Head head, AllocationRequest request,
            ArmPicker arms) throws SQLException {
        String heldBy = exclusiveHolder(connection, request);
        if (heldBy != null) {
            return new AllocationOutcome(AllocationOutcome.Status.EXCLUDED, null, heldBy);
        }
        if (request.targetSize() != null
                && count(connection, "SELECT COUNT(*) FROM tutka_allocation WHERE trial_id = ?", request.trialId())
                >= request.targetSize()) {
            return new AllocationOutcome(AllocationOutcome.Status.TARGET_REACHED, null, null);
        }
        // Under the head lock the numbers are gapless, so the next one is the maximum plus one (an index lookup)
        // rather than a count of every allocation in the stratum.
        long sequence = count(connection, "SELECT COALESCE(MAX(sequence_number) + 1, 0) FROM tutka_allocation "
                + "WHERE trial_id = ? AND stratum = ?", request.trialId(), request.stratum());
        String arm = arms.arm(sequence);
        if (arm == null || arm.isBlank()) {
            throw new IllegalStateException("the arm picker gave no arm for sequence number " + sequence
                    + " of trial " + request.trialId());
        }
        requireText("arm", arm, MAX_TEXT);
        Allocation unhashed = new Allocation(request.trialId(), request.trialVersion(),
                request.protocolFingerprint(), request.method(), request.subject(), request.subjectKey(),
                request.area(), request.stratum(), sequence, arm, request.decisionId(), request.decisionLocalDate(),
                request.snapshotHash(), request.rulesetVersion(), EntryHash.stored(request.allocatedAt()),
                head.position() + 1, "");
        Allocation allocation = withHash(unhashed, EntryHash.of(head.hash(), unhashed));
        update(connection, "INSERT INTO tutka_allocation (" + ALLOCATION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, "
                        + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", allocation.position(), allocation.trialId(),
                allocation.trialVersion(), allocation.protocolFingerprint(), allocation.method(),
                allocation.subject(), allocation.subjectKey(), allocation.area(), allocation.stratum(),
                allocation.sequence(), allocation.arm(), allocation.decisionId(), allocation.decisionLocalDate(),
                allocation.snapshotHash(), allocation.rulesetVersion(), utc(allocation.allocatedAt()), head.hash(),
                allocation.entryHash());
        moveHead(connection, allocation);
        return new AllocationOutcome(AllocationOutcome.Status.ALLOCATED, allocation, null);
    }

    @Override
    public Correction correct(String trialId, String subject, Correction.Kind kind, String reason, String actor,
            Instant at) {
        requireText("trial id", trialId, MAX_TEXT);
        requireText("subject", subject, MAX_TEXT);
        Objects.requireNonNull(kind, "kind");
        requireText("reason", reason, MAX_REASON);
        requireText("actor", actor, MAX_TEXT);
        Objects.requireNonNull(at, "at");
        return database.inTransaction("correct", connection -> {
            Head head = lockHead(connection);
            if (existing(connection, trialId, subject) == null) {
                throw new IllegalArgumentException("subject " + subject + " has no allocation in trial " + trialId
                        + ": nothing to correct");
            }
            Correction unhashed = new Correction(trialId, subject, kind, reason, actor, EntryHash.stored(at),
                    head.position() + 1, "");
            Correction correction = new Correction(trialId, subject, kind, reason, actor, unhashed.at(),
                    unhashed.position(), EntryHash.of(head.hash(), unhashed));
            update(connection, "INSERT INTO tutka_correction (" + CORRECTION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, "
                            + "?, ?, ?)", correction.position(), trialId, subject, kind.name(), reason, actor,
                    utc(correction.at()), head.hash(), correction.entryHash());
            moveHead(connection, correction);
            return correction;
        });
    }

    @Override
    public void forEachAllocation(String trialId, Consumer<Allocation> consumer) {
        database.inTransaction("read allocations", connection -> {
            query(connection, "SELECT " + ALLOCATION_COLUMNS + " FROM tutka_allocation WHERE trial_id = ? "
                    + "ORDER BY position", rs -> consumer.accept(allocation(rs)), trialId);
            return null;
        });
    }

    @Override
    public void forEachEntry(Consumer<LedgerEntry> consumer) {
        database.inTransaction("read the ledger", connection -> {
            forEachStored(connection, (entry, previous) -> consumer.accept(entry));
            return null;
        });
    }

    @Override
    public LedgerCheck verify() {
        return database.inTransaction("verify the ledger", connection -> {
            // One snapshot for the entries and the head, so appends made meanwhile do not look like tampering (the
            // pool restores the isolation level when the connection comes back).
            connection.setTransactionIsolation(snapshotIsolation());
            ChainCheck check = new ChainCheck();
            forEachStored(connection, check::next);
            long[] position = {0};
            String[] hash = {""};
            query(connection, "SELECT position, entry_hash FROM tutka_ledger_head WHERE id = 1", rs -> {
                position[0] = rs.getLong(1);
                hash[0] = rs.getString(2);
            });
            return check.finish(position[0], hash[0]);
        });
    }

    @Override
    public String head() {
        return database.inTransaction("read the head", connection -> {
            String[] hash = {""};
            query(connection, "SELECT entry_hash FROM tutka_ledger_head WHERE id = 1", rs -> hash[0] = rs.getString(1));
            return hash[0];
        });
    }

    @Override
    public void close() {
        database.close();
    }

    // ---- reading and writing rows

    private record Head(long position, String hash) {
    }

    /** Locks the head row until the transaction ends; the hash is the previous hash of the next entry. */
    private static Head lockHead(Connection connection) throws SQLException {
        Head[] head = {null};
        query(connection, "SELECT position, entry_hash FROM tutka_ledger_head WHERE id = 1 FOR UPDATE", rs ->
                head[0] = new Head(rs.getLong(1), rs.getString(2).isEmpty() ? EntryHash.GENESIS : rs.getString(2)));
        if (head[0] == null) {
            throw new SQLException("the ledger head row (tutka_ledger_head, id 1) is missing");
        }
        return head[0];
    }

    private static void moveHead(Connection connection, LedgerEntry entry) throws SQLException {
        update(connection, "UPDATE tutka_ledger_head SET position = ?, entry_hash = ? WHERE id = 1", entry.position(),
                entry.entryHash());
    }

    private static Allocation existing(Connection connection, String trialId, String subject) throws SQLException {
        Allocation[] found = {null};
        query(connection, "SELECT " + ALLOCATION_COLUMNS + " FROM tutka_allocation WHERE trial_id = ? AND subject = ?",
                rs -> found[0] = allocation(rs), trialId, subject);
        return found[0];
    }

    /** The first exclusive trial holding the subject by an allocation not corrected as allocated in error. */
    private static String exclusiveHolder(Connection connection, AllocationRequest request) throws SQLException {
        if (request.exclusiveWith().isEmpty()) {
            return null;
        }
        List<Object> parameters = new ArrayList<>();
        parameters.add(request.subject());
        parameters.addAll(request.exclusiveWith());
        String[] holder = {null};
        query(connection, "SELECT a.trial_id FROM tutka_allocation a WHERE a.subject = ? AND a.trial_id IN ("
                + String.join(", ", Collections.nCopies(request.exclusiveWith().size(), "?")) + ") AND NOT EXISTS "
                + "(SELECT 1 FROM tutka_correction c WHERE c.subject = a.subject AND c.trial_id = a.trial_id "
                + "AND c.kind = 'ALLOCATED_IN_ERROR') ORDER BY a.position", rs -> {
                    if (holder[0] == null) {
                        holder[0] = rs.getString(1);
                    }
                }, parameters.toArray());
        return holder[0];
    }

    private static void forEachStored(Connection connection, BiConsumer<LedgerEntry, String> consumer)
            throws SQLException {
        query(connection, ALL_ENTRIES, rs -> consumer.accept(rs.getString("kind").equals(EntryHash.ALLOCATION)
                ? allocation(rs, "at") : correction(rs, "at"), rs.getString("previous_hash")));
    }

    private static Allocation allocation(ResultSet rs) throws SQLException {
        return allocation(rs, "allocated_at");
    }

    private static Allocation allocation(ResultSet rs, String timeColumn) throws SQLException {
        return new Allocation(rs.getString("trial_id"), rs.getString("trial_version"),
                rs.getString("protocol_fingerprint"), rs.getString("method"), rs.getString("subject"),
                rs.getString("subject_key"), rs.getString("area"), rs.getString("stratum"),
                rs.getLong("sequence_number"), rs.getString("arm"), rs.getString("decision_id"),
                rs.getObject("decision_local_date", LocalDate.class), rs.getString("snapshot_hash"),
                rs.getString("ruleset_version"), instant(rs, timeColumn), rs.getLong("position"),
                rs.getString("entry_hash"));
    }

    private static Correction correction(ResultSet rs, String timeColumn) throws SQLException {
        return new Correction(rs.getString("trial_id"), rs.getString("subject"), kind(rs.getString("kind")),
                rs.getString("reason"), rs.getString("actor"), instant(rs, timeColumn), rs.getLong("position"),
                rs.getString("entry_hash"));
    }

    private static Correction.Kind kind(String stored) throws SQLException {
        try {
            return Correction.Kind.valueOf(stored);
        } catch (IllegalArgumentException e) {
            throw new SQLException("unknown correction kind '" + stored + "' in the ledger", e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Allocation withHash(Allocation a, String hash) {
        return new Allocation(a.trialId(), a.trialVersion(), a.protocolFingerprint(), a.method(), a.subject(),
                a.subjectKey(), a.area(), a.stratum(), a.sequence(), a.arm(), a.decisionId(), a.decisionLocalDate(),
                a.snapshotHash(), a.rulesetVersion(), a.allocatedAt(), a.position(), hash);
    }

    // ---- JDBC plumbing

    @FunctionalInterface
    private interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    // ---- input checks

    private static void check(AllocationRequest r) {
        Objects.requireNonNull(r, "request");
        requireText("trial id", r.trialId(), MAX_TEXT);
        requireText("trial version", r.trialVersion(), MAX_TEXT);
        requireText("protocol fingerprint", r.protocolFingerprint(), MAX_TEXT);
        requireText("method", r.method(), MAX_TEXT);
        requireText("subject", r.subject(), MAX_TEXT);
        requireText("subject key", r.subjectKey(), MAX_TEXT);
        requireText("area", r.area(), MAX_TEXT);
        if (!"".equals(r.stratum())) {  // "" is an unstratified trial's stratum
            requireText("stratum", r.stratum(), MAX_TEXT);
        }
        requireText("decision id", r.decisionId(), MAX_TEXT);
        Objects.requireNonNull(r.decisionLocalDate(), "decision local date");
        requireText("snapshot hash", r.snapshotHash(), MAX_TEXT);
        requireText("ruleset version", r.rulesetVersion(), MAX_TEXT);
        Objects.requireNonNull(r.allocatedAt(), "allocated at");
        if (r.targetSize() != null && r.targetSize() < 0) {
            throw new IllegalArgumentException("target size of trial " + r.trialId() + " is " + r.targetSize()
                    + ": give 0 or more, or none");
        }
    }

    /** Non-blank, not too long, and never a personal identity code: the ledger holds pseudonyms only. */
    private static void requireText(String name, String value, int maxLength) {
        JdbcDatabase.requireText(name, value, maxLength, "the ledger", "which the ledger must never hold: leave it "
                + "out");
    }
}
