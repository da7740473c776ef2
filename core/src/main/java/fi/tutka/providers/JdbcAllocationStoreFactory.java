package fi.tutka.providers;

import fi.tutka.spi.AllocationStore;
import fi.tutka.spi.ProviderFactory;
import fi.tutka.spi.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code jdbc}: the allocation ledger at {@code tutka.allocations.url} (default an H2 file,
 * {@code tutka-data/ledger/allocations}, shared safely by the processes of one machine), logging in as
 * {@code tutka.allocations.user} with {@code tutka.allocations.password}.
 */
public final class JdbcAllocationStoreFactory implements ProviderFactory<AllocationStore> {
    /** The embedded ledger's file, without H2's {@code .mv.db} ending. */
    public static final String DEFAULT_FILE = "tutka-data/ledger/allocations";

    @Override
    public Class<AllocationStore> type() {
        return AllocationStore.class;
    }

    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public AllocationStore create(Settings settings, Clock clock) {
        return open(settings);
    }

    /** The store the settings name; {@link #create} without the clock, which the ledger does not need. */
    public static JdbcAllocationStore open(Settings settings) {
        String url = settings.get(JdbcAllocationStore.URL_SETTING).orElseGet(JdbcAllocationStoreFactory::defaultUrl);
        return JdbcAllocationStore.open(url, settings.get(JdbcAllocationStore.USER_SETTING, null),
                settings.get(JdbcAllocationStore.PASSWORD_SETTING, null));
    }

    /** The H2 file beside the other Tutka data: {@link #h2FileUrl} of {@value #DEFAULT_FILE}. */
    public static String defaultUrl() {
        return h2FileUrl(Path.of(DEFAULT_FILE));
    }

    /** The file of an embedded ledger's URL (without H2's {@code .mv.db}), or empty for any other URL. */
    public static Optional<Path> h2File(String url) {
        return JdbcDatabase.h2File(url);
    }

    /**
     * The URL of a ledger in an H2 file ({@code file} without H2's {@code .mv.db} ending). {@code AUTO_SERVER} lets
     * the processes of one machine share the file: the first to open it serves it to the others over a local port,
     * and another takes over when that one exits.
     */
    public static String h2FileUrl(Path file) {
        return JdbcDatabase.h2FileUrl(file);
    }
}
