package fi.tutka.cli;

import fi.tutka.Tutka;
import fi.tutka.spi.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/** Where the engine keeps its state: records, keys, extra rules. */
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

    Settings settings() {
        Map<String, String> values = new TreeMap<>();
        values.put("tutka.sink.dir", records.toString());
        values.put("tutka.keys.file", keys.toString());
        if (rules != null) {
            values.put("tutka.rules.dir", rules.toString());
        }
        return Settings.of(values);
    }

    Tutka build() {
        return Tutka.builder().settings(settings()).build();
    }
}
