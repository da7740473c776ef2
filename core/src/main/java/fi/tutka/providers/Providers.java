package fi.tutka.providers;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.spi.KeyProvider;
import fi.tutka.spi.ProviderFactory;
import fi.tutka.spi.Settings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The one place providers are discovered: {@link ServiceLoader} over {@link ProviderFactory}. */
public final class Providers {
    private static final String SERVICES_FILE = "META-INF/services/" + ProviderFactory.class.getName();

    private Providers() {
    }

    /**
     * Makes the provider of {@code type} named {@code name}.
     *
     * @param setting       the setting that chose the name, for the error message
     * @param builderMethod the builder method that passes a provider directly, for the error message
     */
    public static <T> T create(Class<T> type, String name, Settings settings, Clock clock, String setting,
            String builderMethod) {
        return create(type, name, settings, clock, null, setting, builderMethod);
    }

    /**
     * Makes the provider of {@code type} named {@code name} with the engine's key provider at hand
     * ({@link ProviderFactory#create(Settings, Clock, KeyProvider)}), as an identity vault needs.
     *
     * @param keys null to make it without ({@link ProviderFactory#create(Settings, Clock)})
     */
    public static <T> T create(Class<T> type, String name, Settings settings, Clock clock, KeyProvider keys,
            String setting, String builderMethod) {
        List<String> available = new ArrayList<>();
        for (ProviderFactory<?> factory : factories()) {
            if (factory.type() == type) {
                if (factory.name().equals(name)) {
                    return type.cast(keys == null ? factory.create(settings, clock)
                            : factory.create(settings, clock, keys));
                }
                available.add(factory.name());
            }
        }
        throw new TutkaException(ErrorCode.PROVIDER_MISSING, "no " + type.getSimpleName() + " named '" + name
                + "' (setting '" + setting + "'); found " + (available.isEmpty() ? "none" : available)
                + ". Put a jar with a " + SERVICES_FILE + " entry for it on the class path, or pass one with "
                + builderMethod);
    }

    @SuppressWarnings("rawtypes")
    private static List<ProviderFactory<?>> factories() {
        List<ProviderFactory<?>> found = new ArrayList<>();
        ClassLoader loader = Providers.class.getClassLoader();
        for (ProviderFactory factory : ServiceLoader.load(ProviderFactory.class, loader)) {
            found.add(factory);
        }
        return found;
    }
}
