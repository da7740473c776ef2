package fi.tutka.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.spi.AllocationOutcome;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The ledger contract on a real PostgreSQL server, each test in a schema of its own. Runs when
 * {@code TUTKA_TEST_POSTGRES_URL} (with {@code TUTKA_TEST_POSTGRES_USER} and {@code TUTKA_TEST_POSTGRES_PASSWORD}) is
 * set, and must run when {@code TUTKA_REQUIRE_POSTGRES=1} (as in CI).
 */
class PostgresAllocationStoreTest extends AllocationStoreContract {
    static final String HOW = "to run the ledger tests on PostgreSQL, set TUTKA_TEST_POSTGRES_URL (such as "
            + "jdbc:postgresql://127.0.0.1:5432/tutka_test), TUTKA_TEST_POSTGRES_USER and "
            + "TUTKA_TEST_POSTGRES_PASSWORD to a database that user owns; README, 'Allocation ledger', shows the setup";

    static String baseUrl;
    static String user;
    static String password;
    String schema;

    /** Skips each test, reported as skipped with the reason, unless a server is configured (or required). */
    static void requireServer() {
        baseUrl = System.getenv("TUTKA_TEST_POSTGRES_URL");
        user = System.getenv("TUTKA_TEST_POSTGRES_USER");
        password = System.getenv("TUTKA_TEST_POSTGRES_PASSWORD");
        if (baseUrl == null || baseUrl.isBlank()) {
            if ("1".equals(System.getenv("TUTKA_REQUIRE_POSTGRES"))) {
                fail("TUTKA_REQUIRE_POSTGRES=1 but TUTKA_TEST_POSTGRES_URL is not set: " + HOW);
            }
            Assumptions.abort("PostgreSQL tests skipped: " + HOW);
        }
        try (Connection connection = connect(baseUrl)) {
            assertThat(connection.isValid(5)).isTrue();
        } catch (SQLException e) {
            fail("PostgreSQL at " + baseUrl + " (TUTKA_TEST_POSTGRES_URL) cannot be reached: " + e.getMessage()
                    + "; " + HOW);
        }
    }

    static Connection connect(String url) throws SQLException {
        Properties login = new Properties();
        if (user != null) {
            login.setProperty("user", user);
        }
        if (password != null) {
            login.setProperty("password", password);
        }
        login.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url, login);
    }

    @Override
    void prepareDatabase() throws SQLException {
        requireServer();
        schema = "tutka_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = connect(baseUrl); Statement sql = connection.createStatement()) {
            sql.execute("CREATE SCHEMA " + schema);
        }
    }

    @Override
    void dropDatabase() throws SQLException {
        try (Connection connection = connect(baseUrl); Statement sql = connection.createStatement()) {
            sql.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Override
    String url() {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    String user() {
        return user;
    }

    @Override
    String password() {
        return password;
    }

    /** The table owner may switch the guard off, as a database administrator could. */
    @Override
    void allowTampering(Statement sql) throws SQLException {
        sql.execute("ALTER TABLE tutka_allocation DISABLE TRIGGER USER");
        sql.execute("ALTER TABLE tutka_correction DISABLE TRIGGER USER");
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveEntries() throws SQLException {
        store.allocate(request("youth-coaching", subject(1)), ALTERNATE);
        store.correct("youth-coaching", subject(1), fi.tutka.spi.Correction.Kind.WITHDRAWAL, "moved", "analyst-7", AT);

        try (Connection connection = raw(); Statement sql = connection.createStatement()) {
            for (String refused : new String[] {"UPDATE tutka_allocation SET arm = 'control'",
                    "DELETE FROM tutka_allocation", "TRUNCATE tutka_allocation CASCADE",
                    "UPDATE tutka_correction SET reason = 'other'", "DELETE FROM tutka_correction"}) {
                SQLException e = catchThrowableOfType(SQLException.class, () -> sql.executeUpdate(refused));
                assertThat((Throwable) e).as(refused).isNotNull();
                assertThat(e.getMessage()).as(refused).contains("the allocation ledger is append-only");
            }
        }
        assertThat(store.verify().problems()).isEmpty();
        assertThat(store.allocate(request("youth-coaching", subject(1)), ALTERNATE).status())
                .isEqualTo(AllocationOutcome.Status.EXISTING);
    }

    @Test
    void aWrongPasswordIsAConfigurationErrorThatDoesNotRepeatIt() {
        TutkaException e = catchThrowableOfType(TutkaException.class,
                () -> JdbcAllocationStore.open(url(), user, "not-the-Password-42"));

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
        assertThat(e.getMessage()).startsWith("CONFIGURATION: cannot open the allocation ledger at " + url()
                + " (setting 'tutka.allocations.url', or --ledger-url): ").contains("password authentication failed")
                .doesNotContain("not-the-Password-42");
    }
}
