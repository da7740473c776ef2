package fi.tutka.spi;

import java.time.Clock;

/**
 * Makes a provider from settings. Factories are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/fi.tutka.spi.ProviderFactory}, and choose it by {@link #name()} in configuration
 * ({@code tutka.sink=jsonl}).
 *
 * @param <T> the provider interface: {@link RecordSink}, {@link KeyProvider}, {@link AllocationStore},
 *            {@link IdentityVault} or {@link RuleSource}
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

    /**
     * Makes the provider with the engine's key provider at hand, for a provider that encrypts under the area keys:
     * the engine makes its {@link IdentityVault} with this one. By default the keys are not needed and it is
     * {@link #create(Settings, Clock)}.
     */
    default T create(Settings settings, Clock clock, KeyProvider keys) {
        return create(settings, clock);
    }
}
