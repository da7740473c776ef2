package fi.tutka.cli;

import fi.tutka.Tutka;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.internal.ServedAreas;
import fi.tutka.providers.JdbcAllocationStoreFactory;
import fi.tutka.spi.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the engine keeps its state: records, keys, the allocation ledger, the identity vault, extra rules. */
final class EngineOptions {

    @Option(names = "--records", paramLabel = "DIR", defaultValue = "tutka-data/records",
            description = "Folder of the record files (default: ${DEFAULT-VALUE}).")
    Path records;

    @Option(names = "--keys", paramLabel = "FILE", defaultValue = "tutka-data/keys.properties",
            description = "Pseudonymisation key file; an area without a key gets a new one (default: ${DEFAULT-VALUE}).")
    Path keys;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Folder of extra rule files (DRL, CSV decision tables) compiled with the bundled pack.")
    Path rules;

    @Option(names = "--areas", paramLabel = "LIST",
            description = "The areas this Tutka serves, 3-digit codes separated by commas (setting tutka.areas; "
                    + "default: the areas of the bundled municipality table, 179,837). A decision or delivery of "
                    + "another area is refused.")
    String areas;

    @Mixin
    LedgerOptions ledger = new LedgerOptions();

    @Mixin
    VaultOptions vault = new VaultOptions();

    /** The engine's clock: the command line's ({@link TutkaCommand#clock}). */
    Clock clock = Clock.systemUTC();

    Settings settings() {
        Map<String, String> values = new TreeMap<>();
        values.put("tutka.sink.dir", records.toString());
        values.put("tutka.keys.file", keys.toString());
        putDatabase(values, "tutka.allocations", ledger.url(records), ledger.user, LedgerOptions.password());
        putDatabase(values, "tutka.vault", vault.url(records), vault.user, VaultOptions.password());
        if (rules != null) {
            values.put("tutka.rules.dir", rules.toString());
        }
        if (areas != null) {
            values.put(ServedAreas.SETTING, servedAreas());
        }
        return Settings.of(values);
    }

    /** {@code --areas} as the setting {@code tutka.areas} takes it, checked. */
    String servedAreas() {
        return String.join(",", ServedAreas.parse(areas, "--areas"));
    }

    /** {@code <prefix>.url}, and {@code <prefix>.user} and {@code <prefix>.password} when given. */
    private static void putDatabase(Map<String, String> values, String prefix, String url, String user,
            String password) {
        values.put(prefix + ".url", url);
        if (user != null) {
            values.put(prefix + ".user", user);
        }
        if (password != null) {
            values.put(prefix + ".password", password);
        }
    }

    /**
     * The settings, for a command that only reads the ledger: an embedded ledger that does not exist is an error
     * here, where opening it would create an empty one and report on nothing.
     */
    Settings existingLedgerSettings() {
        Settings settings = settings();
        requireExisting(settings.require("tutka.allocations.url", "the ledger's JDBC URL"), "allocation ledger",
                ledger.url == null, records, "the ledger's --ledger-url");
        return settings;
    }

    /**
     * Refuses an embedded database file ({@code url} of {@code jdbc:h2:file:}) that does not exist, for a command
     * that reads it: opening it would make an empty one.
     *
     * @param defaulted whether the URL is the default beside {@code records}, which the message then says
     * @param option    the option that names it otherwise: {@code the ledger's --ledger-url}
     */
    static void requireExisting(String url, String what, boolean defaulted, Path records, String option) {
        Path file = JdbcAllocationStoreFactory.h2File(url).orElse(null);
        if (file != null && !Files.exists(Path.of(file + ".mv.db"))) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "no " + what + " at " + file + ".mv.db"
                    + (defaulted ? " (beside --records " + records + ")" : "") + ": give the --records folder that "
                    + "tutka run wrote to, or " + option);
        }
    }

    /** A file in a folder beside the records folder: {@code tutka-data/records} → {@code tutka-data/FOLDER/FILE}. */
    static Path besideRecords(Path records, String folder, String file) {
        Path parent = records.toAbsolutePath().normalize().getParent();
        return (parent == null ? records : parent).resolve(folder).resolve(file);
    }

    Tutka build() {
        return Tutka.builder().settings(settings()).clock(clock).build();
    }
}
