package fi.tutka.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.spi.IdentityVault;
import fi.tutka.spi.Settings;
import fi.tutka.spi.VaultEntry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity vault contract on H2 in a file, as embedded Tutka uses it; and how the vault is found and opened. */
class H2IdentityVaultTest extends IdentityVaultContract {
    @TempDir
    Path dir;

    @Override
    Database database() {
        // every test has its own temporary folder, and so its own file
        return new Database(JdbcIdentityVaultFactory.h2FileUrl(dir.resolve("vault/identities")), null, null, () -> { });
    }

    /** H2 writes its file a second or so after a commit: remember forces it, so a process that dies keeps them. */
    @Test
    void entriesRememberedSurviveTheProcessDyingAtOnce() throws Exception {
        vault.close();
        toClose.remove(vault);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DyingClient.class.getName(), url(), "40");
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process client = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("remembered");
            assertThat(client.waitFor(1, TimeUnit.MINUTES)).isTrue();
        } finally {
            client.destroyForcibly();
        }
        assertThat(client.exitValue()).isEqualTo(9);

        JdbcIdentityVault reopened = open(KEYS);
        for (int n = 0; n < 40; n++) {
            assertThat(reopened.identityCode(KEY.id(), entry(n).subject())).as("entry %d", n)
                    .contains(identityCode(n));
        }
    }

    /** Remembers entries one call at a time, says so, and dies without closing anything. */
    static final class DyingClient {
        public static void main(String[] args) {
            JdbcIdentityVault vault = JdbcIdentityVault.open(args[0], null, null, KEYS);
            for (int n = 0; n < Integer.parseInt(args[1]); n++) {
                vault.remember(List.of(entry(n)));
            }
            System.out.println("remembered");
            System.out.flush();
            Runtime.getRuntime().halt(9);
        }
    }

    @Test
    void theFactoryIsFoundByNameAndMadeWithTheEngineKeys() {
        String url = JdbcIdentityVaultFactory.h2FileUrl(dir.resolve("other/identities"));
        Settings settings = Settings.of(Map.of("tutka.vault.url", url, "tutka.vault.user", "vault-admin",
                "tutka.vault.password", "pw"));
        try (IdentityVault found = Providers.create(IdentityVault.class, "jdbc", settings, Clock.systemUTC(), KEYS,
                "tutka.vault", "identityVault(...)")) {
            assertThat(found).isInstanceOf(JdbcIdentityVault.class);
            assertThat(((JdbcIdentityVault) found).url()).isEqualTo(url);
            found.remember(List.of(entry(1)));
            assertThat(found.identityCode(KEY.id(), entry(1).subject())).contains(identityCode(1));
        }
        TutkaException withoutKeys = catchThrowableOfType(TutkaException.class, () -> Providers.create(
                IdentityVault.class, "jdbc", settings, Clock.systemUTC(), "tutka.vault", "identityVault(...)"));
        assertThat(withoutKeys.code()).isEqualTo(ErrorCode.CONFIGURATION);
        assertThat(withoutKeys.getMessage()).contains("create(settings, clock, keys)");
        TutkaException wrongLogin = catchThrowableOfType(TutkaException.class,
                () -> JdbcIdentityVault.open(url, "vault-admin", "wrong-Secret", KEYS));
        assertThat(wrongLogin.getMessage()).startsWith("CONFIGURATION: cannot open the identity vault at " + url
                + " (setting 'tutka.vault.url', or --vault-url): ").contains("Wrong user name or password")
                .endsWith("settings 'tutka.vault.user' and 'tutka.vault.password' (--vault-user, environment variable "
                        + "TUTKA_VAULT_PASSWORD)").doesNotContain("Secret");
    }

    @Test
    void theDefaultIsAnH2FileBesideTheOtherDataInAnOwnerOnlyFolder() {
        assertThat(JdbcIdentityVaultFactory.defaultUrl()).isEqualTo("jdbc:h2:file:"
                + Path.of("tutka-data/vault/identities").toAbsolutePath().normalize() + ";AUTO_SERVER=TRUE");
        assertThat(Files.exists(dir.resolve("vault/identities.mv.db"))).isTrue();
        assertThat(permissions(dir.resolve("vault"))).isEqualTo("rwx------");
    }

    @Test
    void onlyH2AndPostgresqlUrlsAreAcceptedAndPasswordsAreNotShown() {
        TutkaException e = catchThrowableOfType(TutkaException.class,
                () -> JdbcIdentityVault.open("jdbc:mysql://db/vault?password=x-Secret", "u", "x-Secret", KEYS));

        assertThat(e).hasMessage("CONFIGURATION: setting 'tutka.vault.url' (--vault-url) is "
                + "'jdbc:mysql://db/vault?password=***': give a jdbc:h2: or jdbc:postgresql: URL");
    }

    @Test
    void anEntryIsValidatedWhereItIsMade() {
        VaultEntry entry = entry(1);
        assertThat(catchThrowableOfType(NullPointerException.class, () -> vault.remember(null))).isNotNull();
        List<VaultEntry> withNull = new ArrayList<>();
        withNull.add(entry);
        withNull.add(null);
        assertThat(catchThrowableOfType(NullPointerException.class, () -> vault.remember(withNull))).isNotNull();
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> vault.identityCode(KEY.id(), "x".repeat(201)))).hasMessageContaining("at most 200");
    }

    static String permissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
