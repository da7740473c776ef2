package fi.tutka.providers;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.internal.Redact;
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
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

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

    /** Waiting for a connection, a login or a lock is bounded by these. */
    static final int CONNECT_TIMEOUT_SECONDS = 5;
    static final int LOCK_TIMEOUT_SECONDS = 10;
    private static final int POOL_SIZE = 4;
    private static final int FETCH_SIZE = 500;
    private static final int MAX_TEXT = 200;
    private static final int MAX_REASON = 4000;
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password|pwd)=([^;&]*)");
    /** {@code //user:secret@host}: the password a URL may carry before its host. */
    private static final Pattern URL_USER_PASSWORD = Pattern.compile("(//[^/:@]*:)([^/@]*)@");

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

    /**
     * What differs between the two databases: lock waits, the isolation level that reads one snapshot of every
     * table (on H2 only serializable does: under repeatable read, rows appended meanwhile show in a later query), and
     * the guard migrations.
     */
    private enum Dialect {
        H2("SET LOCK_TIMEOUT " + LOCK_TIMEOUT_SECONDS * 1000, Connection.TRANSACTION_SERIALIZABLE),
        POSTGRESQL("SET lock_timeout = '" + LOCK_TIMEOUT_SECONDS + "s'", Connection.TRANSACTION_REPEATABLE_READ,
                "classpath:db/tutka-ledger/postgresql");

        final String sessionSql;
        final int snapshotIsolation;
        final List<String> migrations;

        Dialect(String sessionSql, int snapshotIsolation, String... extraMigrations) {
            this.sessionSql = sessionSql;
            this.snapshotIsolation = snapshotIsolation;
            List<String> all = new ArrayList<>(List.of("classpath:db/tutka-ledger/common"));
            all.addAll(List.of(extraMigrations));
            this.migrations = List.copyOf(all);
        }
    }

    private final HikariDataSource pool;
    private final String safeUrl;
    private final Dialect dialect;

    private JdbcAllocationStore(HikariDataSource pool, String safeUrl, Dialect dialect) {
        this.pool = pool;
        this.safeUrl = safeUrl;
        this.dialect = dialect;
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
        String safeUrl = withoutPasswords(url);
        Dialect dialect;
        if (url.startsWith("jdbc:h2:")) {
            dialect = Dialect.H2;
            createOwnerOnlyFolder(url, safeUrl);
        } else if (url.startsWith("jdbc:postgresql:")) {
            dialect = Dialect.POSTGRESQL;
        } else {
            throw new TutkaException(ErrorCode.CONFIGURATION, "setting '" + URL_SETTING + "' (--ledger-url) is '"
                    + safeUrl + "': give a jdbc:h2: or jdbc:postgresql: URL");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("tutka-ledger");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS * 1000L);
        // One attempt at start: a database that is down is reported now, not after a retry loop.
        config.setInitializationFailTimeout(1);
        config.setConnectionInitSql(dialect.sessionSql);
        if (dialect == Dialect.POSTGRESQL) {
            config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
            config.addDataSourceProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
            config.addDataSourceProperty("ApplicationName", "tutka");
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw unreachable(safeUrl, secrets(url, password), e);
        }
        try {
            Flyway.configure(JdbcAllocationStore.class.getClassLoader())
                    .dataSource(pool)
                    .locations(dialect.migrations.toArray(String[]::new))
                    .table("tutka_ledger_schema_history")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new TutkaException(ErrorCode.CONFIGURATION, "cannot create or upgrade the allocation ledger's schema "
                    + "at " + safeUrl + " (setting '" + URL_SETTING + "', or --ledger-url): "
                    + scrub(e.getMessage(), secrets(url, password)), e);
        }
        return new JdbcAllocationStore(pool, safeUrl, dialect);
    }

    /**
     * An embedded ledger's folder is made readable by its owner only, as the key file is: the ledger holds every
     * pseudonym with its arm. An existing folder is left as it is.
     */
    private static void createOwnerOnlyFolder(String url, String safeUrl) {
        Path file = JdbcAllocationStoreFactory.h2File(url).orElse(null);
        if (file == null) {
            return;
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null || Files.isDirectory(folder)) {
            return;
        }
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(folder);
            }
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "cannot create the allocation ledger's folder " + folder
                    + " for " + safeUrl + " (setting '" + URL_SETTING + "', or --ledger-url): " + e, e);
        }
    }

    private static TutkaException unreachable(String safeUrl, List<String> secrets, RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String reason = scrub(cause.getMessage(), secrets).strip().replaceFirst("\\.+$", "");
        String message = "cannot open the allocation ledger at " + safeUrl + " (setting '" + URL_SETTING
                + "', or --ledger-url): " + reason + ". Check the URL, that the database server runs and accepts "
                + "connections, and settings '" + USER_SETTING + "' and '" + PASSWORD_SETTING + "' (--ledger-user, "
                + "environment variable TUTKA_ALLOCATIONS_PASSWORD)";
        // The driver's own messages may quote the URL: keep the cause only when no message in it holds a password.
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage());
            if (!scrub(text, secrets).equals(text)) {
                return new TutkaException(ErrorCode.CONFIGURATION, message);
            }
        }
        return new TutkaException(ErrorCode.CONFIGURATION, message, e);
    }

    /** The password setting and any password written in the URL itself, which a driver's message may quote. */
    private static List<String> secrets(String url, String password) {
        List<String> secrets = new ArrayList<>();
        if (password != null && !password.isEmpty()) {
            secrets.add(password);
        }
        for (Pattern pattern : List.of(URL_PASSWORD, URL_USER_PASSWORD)) {
            Matcher matcher = pattern.matcher(url);
            while (matcher.find()) {
                if (!matcher.group(2).isEmpty()) {
                    secrets.add(matcher.group(2));
                }
            }
        }
        return secrets;
    }

    private static String scrub(String text, List<String> secrets) {
        String scrubbed = withoutPasswords(String.valueOf(text));
        for (String secret : secrets) {
            scrubbed = scrubbed.replace(secret, "***");
        }
        return scrubbed;
    }

    private static String withoutPasswords(String text) {
        return URL_USER_PASSWORD.matcher(URL_PASSWORD.matcher(text).replaceAll("$1=***")).replaceAll("$1***@");
    }

    /** The URL without any password in it. */
    public String url() {
        return safeUrl;
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
        return inTransaction("read " + table, connection -> {
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
        return inTransaction("allocate", connection -> {
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
        return inTransaction("correct", connection -> {
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
        inTransaction("read allocations", connection -> {
            query(connection, "SELECT " + ALLOCATION_COLUMNS + " FROM tutka_allocation WHERE trial_id = ? "
                    + "ORDER BY position", rs -> consumer.accept(allocation(rs)), trialId);
            return null;
        });
    }

    @Override
    public void forEachEntry(Consumer<LedgerEntry> consumer) {
        inTransaction("read the ledger", connection -> {
            forEachStored(connection, (entry, previous) -> consumer.accept(entry));
            return null;
        });
    }

    @Override
    public LedgerCheck verify() {
        return inTransaction("verify the ledger", connection -> {
            // One snapshot for the entries and the head, so appends made meanwhile do not look like tampering (the
            // pool restores the isolation level when the connection comes back).
            connection.setTransactionIsolation(dialect.snapshotIsolation);
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
        return inTransaction("read the head", connection -> {
            String[] hash = {""};
            query(connection, "SELECT entry_hash FROM tutka_ledger_head WHERE id = 1", rs -> hash[0] = rs.getString(1));
            return hash[0];
        });
    }

    @Override
    public void close() {
        pool.close();
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
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    private interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    private <T> T inTransaction(String what, Work<T> work) {
        // A connection can die under us: a PostgreSQL restart, or the process that served a shared H2 file exiting
        // (another then takes over). Such a transaction did not commit, so it is run again on a new connection,
        // until every pooled connection has been found dead.
        for (int attempt = 0; ; attempt++) {
            Connection connection = null;
            try {
                connection = pool.getConnection();
                try {
                    T result = work.run(connection);
                    connection.commit();
                    connection.close();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(connection);
                    throw e;
                }
            } catch (SQLException e) {
                if (connection != null && connectionLost(e) && attempt <= POOL_SIZE) {
                    pool.evictConnection(connection);
                    continue;
                }
                if (connection != null) {
                    closeQuietly(connection);
                }
                throw new TutkaException(ErrorCode.LEDGER_FAILURE, "allocation ledger at " + safeUrl + ": could not "
                        + what + ": " + e.getMessage(), e);
            }
        }
    }

    /** SQL state class 08 (connection exception), or H2's codes for a database closed under the connection. */
    private static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("08") || e.getErrorCode() == 90121 || e.getErrorCode() == 90098
                || e.getErrorCode() == 90067;
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the transaction did not commit
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // returned to the pool or already gone
        }
    }

    private static void query(Connection connection, String sql, Row row, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(FETCH_SIZE);
            bind(statement, parameters);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        }
    }

    private static long count(Connection connection, String sql, Object... parameters) throws SQLException {
        long[] value = {0};
        query(connection, sql, rs -> value[0] = rs.getLong(1), parameters);
        return value[0];
    }

    private static void update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
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
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is " + (value == null ? "missing" : "blank")
                    + ": the ledger needs it");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(name + " is " + value.length() + " characters long: at most "
                    + maxLength + " fit the ledger");
        }
        if (Redact.containsIdentityCode(value)) {
            throw new IllegalArgumentException(name + " holds something shaped like a personal identity code, "
                    + "which the ledger must never hold: leave it out");
        }
    }
}
