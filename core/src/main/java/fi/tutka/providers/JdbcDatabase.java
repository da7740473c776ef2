package fi.tutka.providers;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.internal.Redact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * A pooled relational database over JDBC, H2 (an embedded file, shared by the processes of one machine) or
 * PostgreSQL, its schema created and upgraded by Flyway: what the allocation ledger and the identity vault share.
 * Opening reports a database that cannot be reached within seconds, naming the URL and never a password; a
 * transaction whose connection died runs again on a new one.
 */
final class JdbcDatabase implements AutoCloseable {
    /** Waiting for a connection, a login or a lock is bounded by these. */
    static final int CONNECT_TIMEOUT_SECONDS = 5;
    static final int LOCK_TIMEOUT_SECONDS = 10;
    private static final int POOL_SIZE = 4;
    private static final int FETCH_SIZE = 500;
    private static final Pattern H2_FILE = Pattern.compile("jdbc:h2:file:([^;]+)");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password|pwd)=([^;&]*)");
    /** {@code //user:secret@host}: the password a URL may carry before its host. */
    private static final Pattern URL_USER_PASSWORD = Pattern.compile("(//[^/:@]*:)([^/@]*)@");

    /** The two databases, with the session setting that bounds lock waits. */
    enum Kind {
        H2("SET LOCK_TIMEOUT " + LOCK_TIMEOUT_SECONDS * 1000),
        POSTGRESQL("SET lock_timeout = '" + LOCK_TIMEOUT_SECONDS + "s'");

        final String sessionSql;

        Kind(String sessionSql) {
            this.sessionSql = sessionSql;
        }
    }

    /**
     * What the messages call a database and how it is configured.
     *
     * @param what             {@code allocation ledger}
     * @param poolName         the connection pool's name, seen in thread names
     * @param historyTable     Flyway's schema history table, one per database kept in one schema
     * @param failure          the code of a transaction that failed
     * @param passwordVariable the environment variable the command line reads the password from
     */
    record Naming(String what, String poolName, String historyTable, ErrorCode failure, String urlSetting,
            String userSetting, String passwordSetting, String urlOption, String userOption,
            String passwordVariable) {

        /** {@code (setting 'tutka.allocations.url', or --ledger-url)} */
        String where() {
            return "(setting '" + urlSetting + "', or " + urlOption + ")";
        }
    }

    /**
     * A database's migrations for one kind: the Flyway locations, and the version of the newest migration in them.
     * A database whose history already holds that version, and no failed migration, is left to itself: Flyway is
     * not started (at every start it would cost a few hundred milliseconds of scanning and checking).
     *
     * @param locations {@code classpath:db/tutka-ledger/common}, ...
     * @param latest    the newest migration's version, {@code 1.1} for {@code V1_1__append_only.sql}
     */
    record Schema(List<String> locations, String latest) {
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private final HikariDataSource pool;
    private final String safeUrl;
    private final Kind kind;
    private final Naming naming;

    private JdbcDatabase(HikariDataSource pool, String safeUrl, Kind kind, Naming naming) {
        this.pool = pool;
        this.safeUrl = safeUrl;
        this.kind = kind;
        this.naming = naming;
    }

    /**
     * Opens the database, creating or upgrading its schema; an embedded file's new folder is owner-only.
     *
     * @param url        {@code jdbc:h2:...} or {@code jdbc:postgresql:...}
     * @param user       null for the driver's default
     * @param password   null for none
     * @param schemas    the migrations for each kind
     * @throws TutkaException {@link ErrorCode#CONFIGURATION} naming the URL setting when the URL is of another
     *                        database, or the database cannot be reached within {@value #CONNECT_TIMEOUT_SECONDS}
     *                        seconds, refuses the login or cannot take the schema
     */
    static JdbcDatabase open(String url, String user, String password, Naming naming,
            Function<Kind, Schema> schemas) {
        String safeUrl = withoutPasswords(url);
        Kind kind;
        if (url.startsWith("jdbc:h2:")) {
            kind = Kind.H2;
            createOwnerOnlyFolder(url, safeUrl, naming);
        } else if (url.startsWith("jdbc:postgresql:")) {
            kind = Kind.POSTGRESQL;
        } else {
            throw new TutkaException(ErrorCode.CONFIGURATION, "setting '" + naming.urlSetting() + "' ("
                    + naming.urlOption() + ") is '" + safeUrl + "': give a jdbc:h2: or jdbc:postgresql: URL");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName(naming.poolName());
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
        config.setConnectionInitSql(kind.sessionSql);
        if (kind == Kind.POSTGRESQL) {
            config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
            config.addDataSourceProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
            config.addDataSourceProperty("ApplicationName", "tutka");
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw unreachable(safeUrl, secrets(url, password), naming, e);
        }
        Schema schema = schemas.apply(kind);
        try {
            if (!current(pool, naming.historyTable(), schema.latest())) {
                Flyway.configure(JdbcDatabase.class.getClassLoader())
                        .dataSource(pool)
                        .locations(schema.locations().toArray(String[]::new))
                        .table(naming.historyTable())
                        .load()
                        .migrate();
            }
        } catch (FlywayException e) {
            pool.close();
            throw new TutkaException(ErrorCode.CONFIGURATION, "cannot create or upgrade the " + naming.what()
                    + "'s schema at " + safeUrl + " " + naming.where() + ": "
                    + scrub(e.getMessage(), secrets(url, password)), e);
        }
        return new JdbcDatabase(pool, safeUrl, kind, naming);
    }

    /**
     * Whether Flyway's history says the schema is at {@code latest} with no failed migration. Anything else (no
     * history table yet, an older schema, a failed migration, a database that does not answer) is for Flyway to
     * handle and report.
     */
    static boolean current(HikariDataSource pool, String historyTable, String latest) {
        String sql = "SELECT SUM(CASE WHEN \"version\" = ? AND \"success\" THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN \"success\" THEN 0 ELSE 1 END) FROM \"" + historyTable + "\"";
        try (Connection connection = pool.getConnection()) {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                query.setString(1, latest);
                try (ResultSet rs = query.executeQuery()) {
                    return rs.next() && rs.getInt(1) == 1 && rs.getInt(2) == 0;
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            return false;
        }
    }

    /** The URL without any password in it. */
    String url() {
        return safeUrl;
    }

    Kind kind() {
        return kind;
    }

    // ---- embedded files

    /** The file of an embedded database's URL (without H2's {@code .mv.db}), or empty for any other URL. */
    static Optional<Path> h2File(String url) {
        Matcher file = H2_FILE.matcher(url);
        return file.lookingAt() ? Optional.of(Path.of(file.group(1))) : Optional.empty();
    }

    /**
     * The URL of a database in an H2 file ({@code file} without H2's {@code .mv.db} ending). {@code AUTO_SERVER} lets
     * the processes of one machine share the file: the first to open it serves it to the others over a local port,
     * and another takes over when that one exits.
     */
    static String h2FileUrl(Path file) {
        return "jdbc:h2:file:" + file.toAbsolutePath().normalize() + ";AUTO_SERVER=TRUE";
    }

    /**
     * An embedded database's folder is made readable by its owner only, as the key file is: the ledger holds every
     * pseudonym with its arm, the vault every identity code. An existing folder is left as it is.
     */
    private static void createOwnerOnlyFolder(String url, String safeUrl, Naming naming) {
        Path file = h2File(url).orElse(null);
        if (file == null) {
            return;
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null) {
            return;
        }
        try {
            Durable.createOwnerOnlyFolder(folder);
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "cannot create the " + naming.what() + "'s folder "
                    + folder + " for " + safeUrl + " " + naming.where() + ": " + e, e);
        }
    }

    // ---- passwords never shown

    private static TutkaException unreachable(String safeUrl, List<String> secrets, Naming naming,
            RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String reason = scrub(cause.getMessage(), secrets).strip().replaceFirst("\\.+$", "");
        String message = "cannot open the " + naming.what() + " at " + safeUrl + " " + naming.where() + ": " + reason
                + ". Check the URL, that the database server runs and accepts connections, and settings '"
                + naming.userSetting() + "' and '" + naming.passwordSetting() + "' (" + naming.userOption()
                + ", environment variable " + naming.passwordVariable() + ")";
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

    // ---- transactions

    /**
     * Makes every committed transaction durable. PostgreSQL's commit is; H2 writes its file in the background, a
     * second or so later, and what it has not written is lost if the process dies first: so there the file is
     * written and forced to disk ({@code CHECKPOINT SYNC}, about a millisecond).
     *
     * @param what what was committed, for the message of a failure
     */
    void forceToDisk(String what) {
        if (kind == Kind.H2) {
            inTransaction(what + " (forcing it to disk)", connection -> {
                try (Statement sql = connection.createStatement()) {
                    return sql.execute("CHECKPOINT SYNC");
                }
            });
        }
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     *
     * @param what what it does, for the message of a failure ({@code read the head})
     * @throws TutkaException with the naming's failure code, naming the database and {@code what}
     */
    <T> T inTransaction(String what, Work<T> work) {
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
                throw new TutkaException(naming.failure(), naming.what() + " at " + safeUrl + ": could not " + what
                        + ": " + e.getMessage(), e);
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

    @Override
    public void close() {
        pool.close();
    }

    // ---- statements

    static void query(Connection connection, String sql, Row row, Object... parameters) throws SQLException {
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

    static long count(Connection connection, String sql, Object... parameters) throws SQLException {
        long[] value = {0};
        query(connection, sql, rs -> value[0] = rs.getLong(1), parameters);
        return value[0];
    }

    /** @return the number of rows changed */
    static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        }
    }

    /**
     * A value stored in the clear: non-blank, at most {@code maxLength} characters, and never a personal identity
     * code (the message names the field, never the value).
     *
     * @param holder     {@code the ledger}
     * @param identities what to do instead of storing an identity code: {@code which the ledger must never hold:
     *                   leave it out}
     */
    static void requireText(String name, String value, int maxLength, String holder, String identities) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is " + (value == null ? "missing" : "blank") + ": " + holder
                    + " needs it");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(name + " is " + value.length() + " characters long: at most "
                    + maxLength + " fit " + holder);
        }
        if (Redact.containsIdentityCode(value)) {
            throw new IllegalArgumentException(name + " holds something shaped like a personal identity code, "
                    + identities);
        }
    }

    static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}
