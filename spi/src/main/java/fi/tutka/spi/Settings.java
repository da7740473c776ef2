package fi.tutka.spi;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Flat configuration handed to providers: keys such as {@code tutka.sink.dir}. */
public final class Settings {
    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    public static Settings empty() {
        return new Settings(Map.of());
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    /** A setting that must be there; the error names it and says how to give it. */
    public String require(String key, String what) {
        return get(key).orElseThrow(() -> new TutkaException(ErrorCode.CONFIGURATION,
                "setting '" + key + "' is missing: set it to " + what));
    }

    public Settings with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return new Settings(copy);
    }

    public Map<String, String> asMap() {
        return values;
    }
}
