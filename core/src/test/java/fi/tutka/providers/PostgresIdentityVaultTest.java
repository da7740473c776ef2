package fi.tutka.providers;

import java.sql.SQLException;

/**
 * The identity vault contract on a real PostgreSQL server, each test in a schema of its own. Runs when
 * {@code TUTKA_TEST_POSTGRES_URL} (with {@code TUTKA_TEST_POSTGRES_USER} and {@code TUTKA_TEST_POSTGRES_PASSWORD}) is
 * set, and must run when {@code TUTKA_REQUIRE_POSTGRES=1} (as in CI).
 */
class PostgresIdentityVaultTest extends IdentityVaultContract {

    @Override
    Database database() throws SQLException {
        PostgresTestServer.require();
        String schema = PostgresTestServer.createSchema();
        return new Database(PostgresTestServer.url(schema), PostgresTestServer.user(), PostgresTestServer.password(),
                () -> PostgresTestServer.dropSchema(schema));
    }
}
