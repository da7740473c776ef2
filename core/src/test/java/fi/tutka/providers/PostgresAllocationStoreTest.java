package fi.tutka.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.spi.AllocationOutcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The ledger contract on a real PostgreSQL server, each test in a schema of its own. Runs when
 * {@code TUTKA_TEST_POSTGRES_URL} (with {@code TUTKA_TEST_POSTGRES_USER} and {@code TUTKA_TEST_POSTGRES_PASSWORD}) is
 * set, and must run when {@code TUTKA_REQUIRE_POSTGRES=1} (as in CI).
 */
class PostgresAllocationStoreTest extends AllocationStoreContract {
    String schema;

    @Override
    void prepareDatabase() throws SQLException {
        PostgresTestServer.require();
        schema = PostgresTestServer.createSchema();
    }

    @Override
    void dropDatabase() throws SQLException {
        PostgresTestServer.dropSchema(schema);
    }

    @Override
    String url() {
        return PostgresTestServer.url(schema);
    }

    @Override
    String user() {
        return PostgresTestServer.user();
    }

    @Override
    String password() {
        return PostgresTestServer.password();
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
                () -> JdbcAllocationStore.open(url(), user(), "not-the-Password-42"));

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
        assertThat(e.getMessage()).startsWith("CONFIGURATION: cannot open the allocation ledger at " + url()
                + " (setting 'tutka.allocations.url', or --ledger-url): ").contains("password authentication failed")
                .doesNotContain("not-the-Password-42");
    }
}
