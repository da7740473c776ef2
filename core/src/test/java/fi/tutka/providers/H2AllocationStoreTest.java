package fi.tutka.providers;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.spi.AllocationOutcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
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

    /**
     * The embedded ledger is shared through the first process that opened it; when that process exits, another takes
     * over, and a store that was reading through it carries on without an error.
     */
    @Test
    void whenTheProcessServingTheFileExitsThisStoreCarriesOn() throws Exception {
        store.allocate(request("takeover", subject(1)), ALTERNATE);
        store.close();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LedgerClient.class.getName(), url(), "null", "0");
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process server = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8)); Writer in = new OutputStreamWriter(server.getOutputStream(),
                StandardCharsets.UTF_8)) {
            assertThat(out.readLine()).isEqualTo("ready");
            store = JdbcAllocationStore.open(url(), null, null);
            assertThat(store.allocations(subject(1))).hasSize(1);

            in.write("go\n");
            in.flush();
            assertThat(server.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(server.exitValue()).isZero();

            assertThat(store.allocations(subject(1))).hasSize(1);
            assertThat(store.allocate(request("takeover", subject(2)), ALTERNATE).status())
                    .isEqualTo(AllocationOutcome.Status.ALLOCATED);
            assertThat(store.verify().intact()).isTrue();
        } finally {
            server.destroyForcibly();
        }
    }
}
