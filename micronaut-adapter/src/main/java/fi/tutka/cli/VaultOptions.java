package fi.tutka.cli;

import fi.tutka.providers.JdbcIdentityVault;
import fi.tutka.providers.JdbcIdentityVaultFactory;
import fi.tutka.spi.IdentityVault;
import fi.tutka.spi.KeyProvider;
import fi.tutka.spi.VaultEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which identity vault (the identity codes behind the pseudonyms, encrypted under the key file's keys): its URL and
 * user; the password comes from the environment, never the command line.
 */
final class VaultOptions {
    static final String PASSWORD_VARIABLE = "TUTKA_VAULT_PASSWORD";

    /**
     * For a command that builds the engine for its trials only and evaluates nothing: no vault is opened, and
     * evaluating fails.
     */
    static final IdentityVault UNUSED = new IdentityVault() {
        @Override
        public void remember(List<VaultEntry> entries) {
            throw new IllegalStateException("this command evaluates no decisions, so it opened no identity vault");
        }

        @Override
        public Optional<String> identityCode(String subjectKey, String subject) {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    };

    @Option(names = "--vault-url", paramLabel = "URL",
            description = "Identity vault, the identity codes behind the pseudonyms encrypted under the key file's "
                    + "keys: jdbc:h2:file:... or jdbc:postgresql://host/db (default: the H2 file vault/identities "
                    + "beside the records folder, tutka-data/vault/identities). User from --vault-user, password "
                    + "from the environment variable " + PASSWORD_VARIABLE + ".")
    String url;

    @Option(names = "--vault-user", paramLabel = "USER", description = "Database user of the identity vault.")
    String user;

    /** The URL given, or the embedded vault beside the records folder. */
    String url(Path records) {
        return url != null ? url : JdbcIdentityVaultFactory.h2FileUrl(defaultFile(records));
    }

    static String password() {
        return System.getenv(PASSWORD_VARIABLE);
    }

    /** The embedded vault sits beside the records folder: {@code tutka-data/records} → {@code tutka-data/vault}. */
    static Path defaultFile(Path records) {
        return EngineOptions.besideRecords(records, "vault", "identities");
    }

    /**
     * The identity vault {@code tutka run} filled for {@code records}: the embedded one beside that folder. For a
     * command that reads it (the delivery's linkage file); the caller closes it.
     *
     * @param keys the key file's keys, which the vault's entries are encrypted under
     * @throws fi.tutka.api.TutkaException {@code CONFIGURATION} when there is no vault beside {@code records}, or it
     *                                     cannot be opened
     */
    static JdbcIdentityVault open(Path records, KeyProvider keys) {
        return open(new VaultOptions(), records, keys);
    }

    /**
     * The identity vault the options name ({@code --vault-url}, {@code --vault-user}, the password from
     * {@value #PASSWORD_VARIABLE}), or without {@code --vault-url} the embedded one beside {@code records}; the caller
     * closes it.
     *
     * @throws fi.tutka.api.TutkaException {@code CONFIGURATION} when the embedded vault does not exist (opening it
     *                                     would make an empty one), or the vault cannot be opened
     */
    static JdbcIdentityVault open(VaultOptions options, Path records, KeyProvider keys) {
        String url = options.url(records);
        EngineOptions.requireExisting(url, "identity vault", options.url == null, records, "the vault's --vault-url");
        return JdbcIdentityVault.open(url, options.user, password(), keys);
    }
}
