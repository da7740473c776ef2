package fi.tutka.providers;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.spi.IdentityVault;
import fi.tutka.spi.KeyProvider;
import fi.tutka.spi.ProviderFactory;
import fi.tutka.spi.Settings;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code jdbc}: the identity vault at {@code tutka.vault.url} (default an H2 file, {@code tutka-data/vault/identities},
 * shared safely by the processes of one machine), logging in as {@code tutka.vault.user} with
 * {@code tutka.vault.password}. It encrypts under the engine's keys, so the engine makes it with
 * {@link #create(Settings, Clock, KeyProvider)}.
 */
public final class JdbcIdentityVaultFactory implements ProviderFactory<IdentityVault> {
    /** The embedded vault's file, without H2's {@code .mv.db} ending. */
    public static final String DEFAULT_FILE = "tutka-data/vault/identities";

    @Override
    public Class<IdentityVault> type() {
        return IdentityVault.class;
    }

    @Override
    public String name() {
        return "jdbc";
    }

    /** @throws TutkaException {@link ErrorCode#CONFIGURATION}: the vault cannot encrypt without the keys */
    @Override
    public IdentityVault create(Settings settings, Clock clock) {
        throw new TutkaException(ErrorCode.CONFIGURATION, "the jdbc identity vault encrypts under the pseudonym keys: "
                + "make it with create(settings, clock, keys) or JdbcIdentityVaultFactory.open(settings, keys)");
    }

    @Override
    public IdentityVault create(Settings settings, Clock clock, KeyProvider keys) {
        return open(settings, keys);
    }

    /** The vault the settings name, encrypting under {@code keys}; {@link #create} without the clock. */
    public static JdbcIdentityVault open(Settings settings, KeyProvider keys) {
        String url = settings.get(JdbcIdentityVault.URL_SETTING).orElseGet(JdbcIdentityVaultFactory::defaultUrl);
        return JdbcIdentityVault.open(url, settings.get(JdbcIdentityVault.USER_SETTING, null),
                settings.get(JdbcIdentityVault.PASSWORD_SETTING, null), keys);
    }

    /** The H2 file beside the other Tutka data: {@link #h2FileUrl} of {@value #DEFAULT_FILE}. */
    public static String defaultUrl() {
        return h2FileUrl(Path.of(DEFAULT_FILE));
    }

    /**
     * The URL of a vault in an H2 file ({@code file} without H2's {@code .mv.db} ending), shared by the processes of
     * one machine as the ledger's is ({@link JdbcAllocationStoreFactory#h2FileUrl}).
     */
    public static String h2FileUrl(Path file) {
        return JdbcDatabase.h2FileUrl(file);
    }
}
