package fi.tutka.providers;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The ledger contract on H2 in a file, as embedded Tutka uses it. */
class H2AllocationStoreTest extends AllocationStoreContract {
    @TempDir
    Path dir;

    @Override
    void prepareDatabase() {
        // every test has its own temporary folder, and so its own file
    }

    @Override
    String url() {
        return "jdbc:h2:file:" + dir.resolve("ledger/allocations").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    }

    @Override
    String user() {
        return null;
    }

    @Override
    String password() {
        return null;
    }
}
