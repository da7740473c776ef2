package fi.tutka.cli;

import fi.tutka.Tutka;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.providers.JdbcAllocationStoreFactory;
import fi.tutka.spi.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the engine keeps its state: records, keys, the allocation ledger, extra rules. */
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

    @Mixin
    LedgerOptions ledger = new LedgerOptions();

    Settings settings() {
        Map<String, String> values = new TreeMap<>();
        values.put("tutka.sink.dir", records.toString());
        values.put("tutka.keys.file", keys.toString());
        values.put("tutka.allocations.url", ledger.url(records));
        if (ledger.user != null) {
            values.put("tutka.allocations.user", ledger.user);
        }
        String password = LedgerOptions.password();
        if (password != null) {
            values.put("tutka.allocations.password", password);
        }
        if (rules != null) {
            values.put("tutka.rules.dir", rules.toString());
        }
        return Settings.of(values);
    }

    /**
     * The settings, for a command that only reads the ledger: an embedded ledger that does not exist is an error
     * here, where opening it would create an empty one and report on nothing.
     */
    Settings existingLedgerSettings() {
        Settings settings = settings();
        String url = settings.require("tutka.allocations.url", "the ledger's JDBC URL");
        Path file = JdbcAllocationStoreFactory.h2File(url).orElse(null);
        if (file != null && !Files.exists(Path.of(file + ".mv.db"))) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "no allocation ledger at " + file + ".mv.db"
                    + (ledger.url == null ? " (beside --records " + records + ")" : "") + ": give the --records "
                    + "folder that tutka run wrote to, or the ledger's --ledger-url");
        }
        return settings;
    }

    Tutka build() {
        return Tutka.builder().settings(settings()).build();
    }
}
