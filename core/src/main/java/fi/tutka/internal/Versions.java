package fi.tutka.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The engine's own version, from the build. */
public final class Versions {
    public static final String ENGINE = load();

    private Versions() {
    }

    private static String load() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/fi/tutka/tutka-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("engine.version", "unknown");
    }
}
