package fi.tutka.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.spi.AllocationStore;
import fi.tutka.spi.Settings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the ledger: settings, defaults and the errors of a database that is not there. */
class JdbcAllocationStoreTest {
    @TempDir
    Path dir;

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anUnreachableServerIsReportedPromptlyWithoutThePassword() throws IOException {
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/tutka?password=url-Secret-1";
        long start = System.nanoTime();

        TutkaException e = catchThrowableOfType(TutkaException.class,
                () -> JdbcAllocationStore.open(url, "tutka", "setting-Secret-2"));

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("milliseconds to fail").isLessThan(JdbcAllocationStore.CONNECT_TIMEOUT_SECONDS * 2000L);
        assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
        assertThat(e.getMessage()).startsWith("CONFIGURATION: cannot open the allocation ledger at "
                + url.replace("url-Secret-1", "***") + " (setting 'tutka.allocations.url', or --ledger-url): ")
                .contains("Connection to 127.0.0.1:").contains("refused. Check")
                .endsWith("Check the URL, that the database server runs and accepts connections, and settings "
                        + "'tutka.allocations.user' and 'tutka.allocations.password' (--ledger-user, environment "
                        + "variable TUTKA_ALLOCATIONS_PASSWORD)")
                .doesNotContain("Secret");
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("Secret");
        }
    }

    @Test
    void aPasswordBeforeTheHostIsNotShownEither() throws IOException {
        String url = "jdbc:postgresql://tutka:info-Secret-3@127.0.0.1:" + closedPort() + "/tutka";

        TutkaException e = catchThrowableOfType(TutkaException.class,
                () -> JdbcAllocationStore.open(url, null, null));

        assertThat(e.getMessage()).contains("jdbc:postgresql://tutka:***@127.0.0.1:").doesNotContain("Secret");
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("Secret");
        }
    }

    @Test
    void anUnreachableH2ServerIsReportedTheSameWay() throws IOException {
        String url = "jdbc:h2:tcp://127.0.0.1:" + closedPort() + "/ledger;PASSWORD=h2-Secret";

        TutkaException e = catchThrowableOfType(TutkaException.class,
                () -> JdbcAllocationStore.open(url, "sa", null));

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
        assertThat(e.getMessage()).startsWith("CONFIGURATION: cannot open the allocation ledger at "
                + url.replace("h2-Secret", "***") + " (setting 'tutka.allocations.url', or --ledger-url): ")
                .doesNotContain("Secret");
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("Secret");
        }
    }

    @Test
    void onlyH2AndPostgresqlUrlsAreAccepted() {
        TutkaException e = catchThrowableOfType(TutkaException.class,
                () -> JdbcAllocationStore.open("jdbc:mysql://db/ledger?password=x", "u", "x"));

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
        assertThat(e).hasMessage("CONFIGURATION: setting 'tutka.allocations.url' (--ledger-url) is "
                + "'jdbc:mysql://db/ledger?password=***': give a jdbc:h2: or jdbc:postgresql: URL");
    }

    @Test
    void theFactoryIsFoundByNameAndReadsTheSettings() {
        String url = "jdbc:h2:file:" + dir.resolve("ledger") + ";AUTO_SERVER=TRUE";

        try (AllocationStore store = Providers.create(AllocationStore.class, "jdbc",
                Settings.of(Map.of("tutka.allocations.url", url, "tutka.allocations.user", "ledger-admin",
                        "tutka.allocations.password", "pw")), Clock.systemUTC(), "tutka.allocations",
                "allocationStore(...)")) {
            assertThat(store).isInstanceOf(JdbcAllocationStore.class);
            assertThat(((JdbcAllocationStore) store).url()).isEqualTo(url);
            assertThat(store.head()).isEmpty();
        }
        TutkaException wrongLogin = catchThrowableOfType(TutkaException.class, () -> JdbcAllocationStore.open(url,
                "ledger-admin", "other"));
        assertThat(wrongLogin.getMessage()).contains("Wrong user name or password").doesNotContain("other");
    }

    @Test
    void theDefaultIsAnH2FileBesideTheOtherData() {
        assertThat(JdbcAllocationStoreFactory.defaultUrl()).isEqualTo("jdbc:h2:file:"
                + Path.of("tutka-data/ledger/allocations").toAbsolutePath().normalize() + ";AUTO_SERVER=TRUE");
    }

    @Test
    void anEmbeddedLedgersNewFolderIsReadableByItsOwnerOnly() throws IOException {
        Path file = dir.resolve("data/ledger/allocations");
        try (JdbcAllocationStore store = JdbcAllocationStore.open(JdbcAllocationStoreFactory.h2FileUrl(file), null,
                null)) {
            assertThat(store.head()).isEmpty();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(file.resolveSibling("allocations.mv.db")).exists();
    }
}
