package fi.tutka.sidecar;

import fi.tutka.providers.JdbcAllocationStoreFactory;
import fi.tutka.providers.JdbcIdentityVaultFactory;
import fi.tutka.spi.Settings;
import io.micronaut.context.env.Environment;
import io.micronaut.core.naming.conventions.StringConvention;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The engine's settings from the sidecar's configuration: every {@code tutka.*} property (application.yml,
 * environment variables such as {@code TUTKA_SINK_DIR}, the {@code tutka serve} options), with the defaults the other
 * commands use: records in {@code tutka-data/records}, keys in {@code tutka-data/keys.properties}, the H2 ledger and
 * identity vault beside the records folder.
 */
final class EngineSettings {
    static final String RECORDS = "tutka.sink.dir";
    static final String KEYS = "tutka.keys.file";
    static final String LEDGER_URL = "tutka.allocations.url";
    static final String VAULT_URL = "tutka.vault.url";
    static final String DEFAULT_RECORDS = "tutka-data/records";
    static final String DEFAULT_KEYS = "tutka-data/keys.properties";

    private EngineSettings() {
    }

    /** The engine's settings; the sidecar's own ({@code tutka.http.*}, {@code tutka.delivery.*}) are left out. */
    static Settings of(Environment environment) {
        Map<String, String> values = new TreeMap<>();
        // RAW: the keys as written. An environment variable gives each of its spellings (TUTKA_SINK_DIR is
        // tutka.sink.dir, tutka.sink-dir, ...); providers read the dotted names only.
        environment.getProperties("tutka", StringConvention.RAW).forEach((key, value) -> {
            if (value != null && !(value instanceof Map) && !key.startsWith("http.") && !key.startsWith("delivery.")) {
                values.put("tutka." + key, String.valueOf(value));
            }
        });
        for (String key : new String[] {RECORDS, KEYS, LEDGER_URL, VAULT_URL, "tutka.sink", "tutka.rules",
            "tutka.rules.dir", "tutka.keys", "tutka.allocations", "tutka.vault"}) {
            environment.getProperty(key, String.class).ifPresent(value -> values.put(key, value));
        }
        values.putIfAbsent(RECORDS, DEFAULT_RECORDS);
        values.putIfAbsent(KEYS, DEFAULT_KEYS);
        Path records = Path.of(values.get(RECORDS));
        values.putIfAbsent(LEDGER_URL, JdbcAllocationStoreFactory.h2FileUrl(beside(records, "ledger", "allocations")));
        values.putIfAbsent(VAULT_URL, JdbcIdentityVaultFactory.h2FileUrl(beside(records, "vault", "identities")));
        return Settings.of(values);
    }

    /** A file in a folder beside the records folder: {@code tutka-data/records} → {@code tutka-data/FOLDER/FILE}. */
    static Path beside(Path records, String folder, String file) {
        Path parent = records.toAbsolutePath().normalize().getParent();
        return (parent == null ? records : parent).resolve(folder).resolve(file);
    }
}
