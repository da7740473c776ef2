package fi.tutka.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server tests run on: {@code TUTKA_TEST_POSTGRES_URL} with {@code TUTKA_TEST_POSTGRES_USER} and
 * {@code TUTKA_TEST_POSTGRES_PASSWORD}. Without it a test is skipped, with the reason, unless
 * {@code TUTKA_REQUIRE_POSTGRES=1} (as in CI), which makes it fail. Every test works in a schema of its own.
 */
public final class PostgresTestServer {
    static final String HOW = "to run the ledger tests on PostgreSQL, set TUTKA_TEST_POSTGRES_URL (such as "
            + "jdbc:postgresql://127.0.0.1:5432/tutka_test), TUTKA_TEST_POSTGRES_USER and "
            + "TUTKA_TEST_POSTGRES_PASSWORD to a database that user owns; README, 'Allocation ledger', shows the setup";

    private static final String BASE_URL = System.getenv("TUTKA_TEST_POSTGRES_URL");
    private static final String USER = System.getenv("TUTKA_TEST_POSTGRES_USER");
    private static final String PASSWORD = System.getenv("TUTKA_TEST_POSTGRES_PASSWORD");

    private PostgresTestServer() {
    }

    /** Skips the calling test, reported as skipped with the reason, unless a server is configured (or required). */
    public static void require() {
        if (BASE_URL == null || BASE_URL.isBlank()) {
            if ("1".equals(System.getenv("TUTKA_REQUIRE_POSTGRES"))) {
                fail("TUTKA_REQUIRE_POSTGRES=1 but TUTKA_TEST_POSTGRES_URL is not set: " + HOW);
            }
            Assumptions.abort("PostgreSQL tests skipped: " + HOW);
        }
        try (Connection connection = connect(BASE_URL)) {
            assertThat(connection.isValid(5)).isTrue();
        } catch (SQLException e) {
            fail("PostgreSQL at " + BASE_URL + " (TUTKA_TEST_POSTGRES_URL) cannot be reached: " + e.getMessage()
                    + "; " + HOW);
        }
    }

    /** Creates an empty schema and returns its name. */
    public static String createSchema() throws SQLException {
        String schema = "tutka_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = connect(BASE_URL); Statement sql = connection.createStatement()) {
            sql.execute("CREATE SCHEMA " + schema);
        }
        return schema;
    }

    public static void dropSchema(String schema) throws SQLException {
        try (Connection connection = connect(BASE_URL); Statement sql = connection.createStatement()) {
            sql.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /** The server's URL, working in {@code schema}. */
    public static String url(String schema) {
        return BASE_URL + (BASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public static String user() {
        return USER;
    }

    public static String password() {
        return PASSWORD;
    }

    private static Connection connect(String url) throws SQLException {
        Properties login = new Properties();
        if (USER != null) {
            login.setProperty("user", USER);
        }
        if (PASSWORD != null) {
            login.setProperty("password", PASSWORD);
        }
        login.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url, login);
    }
}
