package fi.tutka.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.cli.TutkaCommandTest.Run;
import fi.tutka.internal.IdentityCode;
import fi.tutka.internal.Pseudonymizer;
import fi.tutka.providers.FileKeyProvider;
import fi.tutka.providers.JdbcAllocationStore;
import fi.tutka.providers.JdbcAllocationStoreFactory;
import fi.tutka.providers.JdbcIdentityVault;
import fi.tutka.providers.JdbcIdentityVaultFactory;
import fi.tutka.providers.StaticKeyProvider;
import fi.tutka.spi.HmacKey;
import fi.tutka.spi.KeyProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tutka run} fills the identity vault; the delivery opens it with {@link VaultOptions#open}. */
class VaultOptionsTest {
    private static final Pattern SUBJECT =
            Pattern.compile("\"subject\":\"([0-9a-f]{64})\".*?\"subject_key\":\"([^\"]+)\"");

    @TempDir
    Path dir;

    Path sample() {
        Path decisions = dir.resolve("decisions.jsonl");
        Run sample = TutkaCommandTest.tutka("sample", "--scale", "0.01", "--seed", "3", "-o", decisions.toString());
        assertThat(sample.exitCode()).as(sample.err()).isZero();
        return decisions;
    }

    KeyProvider keys() {
        return new FileKeyProvider(dir.resolve("keys.properties"), false, Clock.systemUTC());
    }

    /** Every record's pseudonym with its key id, from the records folder. */
    static Map<String, String> subjects(Path records) throws IOException {
        Map<String, String> subjects = new TreeMap<>();
        for (String line : Files.readAllLines(records.resolve("tutka-records.jsonl"))) {
            Matcher matcher = SUBJECT.matcher(line);
            assertThat(matcher.find()).as(line).isTrue();
            subjects.put(matcher.group(1), matcher.group(2));
        }
        return subjects;
    }

    @Test
    void runFillsTheVaultBesideTheRecordsWithTheIdentityBehindEveryRecord() throws IOException {
        Path records = dir.resolve("records");
        Run run = TutkaCommandTest.tutka("run", sample().toString(), "--records", records.toString(), "--keys",
                dir.resolve("keys.properties").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(dir.resolve("vault/identities.mv.db")).exists();
        assertThat(permissions(dir.resolve("vault"))).isEqualTo("rwx------");

        Map<String, String> subjects = subjects(records);
        assertThat(subjects).hasSizeGreaterThan(10);
        KeyProvider keys = keys();
        try (JdbcIdentityVault vault = VaultOptions.open(records, keys)) {
            for (Map.Entry<String, String> subject : subjects.entrySet()) {
                String code = vault.identityCode(subject.getValue(), subject.getKey()).orElseThrow(
                        () -> new AssertionError("no identity code behind " + subject.getKey()));
                IdentityCode.parse(code);
                assertThat(Integer.parseInt(code.substring(7, 10))).isBetween(900, 999);
                assertThat(new Pseudonymizer(keys.key(subject.getValue()).orElseThrow()).hex(code))
                        .isEqualTo(subject.getKey());
            }
        }
    }

    @Test
    void aVaultUrlPutsItElsewhere() throws IOException {
        Path records = dir.resolve("records");
        Path elsewhere = dir.resolve("secure/vault");
        Run run = TutkaCommandTest.tutka("run", sample().toString(), "--records", records.toString(), "--keys",
                dir.resolve("keys.properties").toString(), "--vault-url",
                JdbcIdentityVaultFactory.h2FileUrl(elsewhere));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(dir.resolve("vault")).doesNotExist();

        VaultOptions options = new VaultOptions();
        options.url = JdbcIdentityVaultFactory.h2FileUrl(elsewhere);
        Map.Entry<String, String> first = subjects(records).entrySet().iterator().next();
        try (JdbcIdentityVault vault = VaultOptions.open(options, records, keys())) {
            assertThat(vault.identityCode(first.getValue(), first.getKey())).isPresent();
        }
    }

    @Test
    void openingAVaultThatDoesNotExistIsAnErrorAndCreatesNothing() {
        Path records = dir.resolve("records");

        KeyProvider keys = StaticKeyProvider.of(new HmacKey("179-test", new byte[32]));

        TutkaException e = catchThrowableOfType(TutkaException.class, () -> VaultOptions.open(records, keys));

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
        assertThat(e).hasMessage("CONFIGURATION: no identity vault at " + dir.resolve("vault/identities.mv.db")
                + " (beside --records " + records + "): give the --records folder that tutka run wrote to, or the "
                + "vault's --vault-url");
        assertThat(dir.resolve("vault")).doesNotExist();
    }

    @Test
    void theTrialsReportOpensNoVault() {
        try (JdbcAllocationStore ledger = JdbcAllocationStore.open(JdbcAllocationStoreFactory.h2FileUrl(
                dir.resolve("ledger/allocations")), null, null)) {
            assertThat(ledger.head()).isEmpty();
        }

        Run report = TutkaCommandTest.tutka("trials", "report", "--records", dir.resolve("records").toString(),
                "--keys", dir.resolve("keys.properties").toString());

        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(dir.resolve("vault")).doesNotExist();
    }

    /** File permissions as {@code rwx------}. */
    static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
