package fi.tutka.sidecar;

import fi.tutka.providers.JdbcAllocationStoreFactory;
import fi.tutka.providers.JdbcIdentityVaultFactory;
import fi.tutka.spi.Settings;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
        // Every tutka.* name any source holds, each then read through the environment so that the higher source
        // wins. An environment variable names its setting in capitals with '_' for '.': TUTKA_SINK_DIR is
        // tutka.sink.dir.
        Set<String> names = new TreeSet<>(List.of(RECORDS, KEYS, LEDGER_URL, VAULT_URL));
        for (PropertySource source : environment.getPropertySources()) {
            boolean variables = source.getConvention() == PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE;
            for (String key : source) {
                addNames(variables ? key.toLowerCase(Locale.ROOT).replace('_', '.') : key, source.get(key), names);
            }
        }
        Map<String, String> values = new TreeMap<>();
        for (String name : names) {
            environment.getProperty(name, String.class).ifPresent(value -> values.put(name, value));
        }
        values.putIfAbsent(RECORDS, DEFAULT_RECORDS);
        values.putIfAbsent(KEYS, DEFAULT_KEYS);
        Path records = Path.of(values.get(RECORDS));
        values.putIfAbsent(LEDGER_URL, JdbcAllocationStoreFactory.h2FileUrl(beside(records, "ledger", "allocations")));
        values.putIfAbsent(VAULT_URL, JdbcIdentityVaultFactory.h2FileUrl(beside(records, "vault", "identities")));
        return Settings.of(values);
    }

    /** The name, or for a nested map (as YAML gives) the dotted names of its leaves, when an engine setting. */
    private static void addNames(String name, Object value, Set<String> names) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, nested) -> addNames(name + "." + key, nested, names));
        } else if (name.startsWith("tutka.") && !name.startsWith("tutka.http.")
                && !name.startsWith("tutka.delivery.")) {
            names.add(name);
        }
    }

    /** A file in a folder beside the records folder: {@code tutka-data/records} → {@code tutka-data/FOLDER/FILE}. */
    static Path beside(Path records, String folder, String file) {
        Path parent = records.toAbsolutePath().normalize().getParent();
        return (parent == null ? records : parent).resolve(folder).resolve(file);
    }
}
