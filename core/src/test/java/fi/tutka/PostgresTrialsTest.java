package fi.tutka;

import fi.tutka.providers.JdbcAllocationStore;
import fi.tutka.providers.PostgresTestServer;
import fi.tutka.spi.AllocationStore;
import org.junit.jupiter.api.BeforeEach;

/** {@link TrialsTest} on a real PostgreSQL server, each ledger in a schema of its own (see PostgresTestServer). */
class PostgresTrialsTest extends TrialsTest {

    @BeforeEach
    void requireServer() {
        PostgresTestServer.require();
    }

    @Override
    AllocationStore ledger() throws Exception {
        String schema = PostgresTestServer.createSchema();
        toClose.add(() -> PostgresTestServer.dropSchema(schema));
        JdbcAllocationStore store = JdbcAllocationStore.open(PostgresTestServer.url(schema),
                PostgresTestServer.user(), PostgresTestServer.password());
        toClose.add(store);
        return store;
    }
}
