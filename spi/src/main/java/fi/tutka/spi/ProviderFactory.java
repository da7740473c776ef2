package fi.tutka.spi;

import java.time.Clock;

/**
 * Makes a provider from settings. Factories are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/fi.tutka.spi.ProviderFactory}, and choose it by {@link #name()} in configuration
 * ({@code tutka.sink=jsonl}).
 *
 * @param <T> the provider interface, {@link RecordSink} or {@link KeyProvider}
 */
public interface ProviderFactory<T> {

    /** The provider interface this factory makes. */
    Class<T> type();

    /** The name it is chosen by; unique per type. */
    String name();

    /**
     * Makes the provider; a missing or wrong setting throws, naming the setting.
     *
     * @param clock the engine's clock: providers that date anything use it, never the system clock
     */
    T create(Settings settings, Clock clock);
}
