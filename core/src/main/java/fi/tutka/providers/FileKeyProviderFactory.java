package fi.tutka.providers;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.spi.KeyProvider;
import fi.tutka.spi.ProviderFactory;
import fi.tutka.spi.Settings;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code tutka.keys=file}: keys in {@code tutka.keys.file} (default {@code tutka-data/keys.properties});
 * {@code tutka.keys.generate} (default {@code true}) creates a missing area key.
 */
public final class FileKeyProviderFactory implements ProviderFactory<KeyProvider> {
    @Override
    public Class<KeyProvider> type() {
        return KeyProvider.class;
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public KeyProvider create(Settings settings, Clock clock) {
        String generate = settings.get("tutka.keys.generate", "true");
        if (!generate.equals("true") && !generate.equals("false")) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "setting 'tutka.keys.generate' is '" + generate
                    + "': set it to true or false");
        }
        return new FileKeyProvider(Path.of(settings.get("tutka.keys.file", "tutka-data/keys.properties")),
                Boolean.parseBoolean(generate), clock);
    }
}
