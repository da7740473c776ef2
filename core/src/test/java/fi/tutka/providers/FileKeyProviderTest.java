package fi.tutka.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.spi.HmacKey;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKeyProviderTest {
    private static final Clock JAN_5 = Clock.fixed(Instant.parse("2026-01-05T10:00:00Z"), ZoneId.of("Europe/Helsinki"));
    private static final Clock JUL_1 = Clock.fixed(Instant.parse("2026-07-01T10:00:00Z"), ZoneId.of("Europe/Helsinki"));

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("tutka-keys.properties");
    }

    @Test
    void generatesAnOwnerOnlyKeyFileWithADatedId() throws IOException {
        FileKeyProvider provider = new FileKeyProvider(file(), true, JAN_5);

        HmacKey key = provider.pseudonymKey("179");

        assertThat(key.id()).isEqualTo("179-20260105-" + FileKeyProvider.fingerprint(key.secret()));
        assertThat(key.id()).matches("179-20260105-[0-9a-f]{8}");
        assertThat(key.secret()).hasSize(32);
        assertThat(key.secret()).isNotEqualTo(new byte[32]);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        Properties properties = load();
        assertThat(properties.getProperty("current.179")).isEqualTo(key.id());
        assertThat(Base64.getDecoder().decode(properties.getProperty("key." + key.id()))).isEqualTo(key.secret());
        assertThat(properties.stringPropertyNames()).containsExactlyInAnyOrder("current.179", "key." + key.id());
        assertThat(provider.key(key.id())).contains(key);
        assertThat(provider.pseudonymKey("179")).isEqualTo(key);
        // no temporary file left beside it; the lock file that serialises key creation stays
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(file(), dir.resolve(file().getFileName() + ".lock"));
        }
    }

    @Test
    void aKeyFileInAFolderNotYetThereGetsTheFolderOwnerOnly() throws IOException {
        Path file = dir.resolve("new/keys/tutka-keys.properties");
        FileKeyProvider provider = new FileKeyProvider(file, true, JAN_5);

        HmacKey key = provider.pseudonymKey("179");

        assertThat(load(file).getProperty("current.179")).isEqualTo(key.id());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("new/keys"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("new"))))
                .isEqualTo("rwx------");
    }

    @Test
    void theIdDateIsTheClocksDate() {
        Clock lateEvening = Clock.fixed(Instant.parse("2026-01-04T22:30:00Z"), ZoneId.of("Europe/Helsinki"));
        assertThat(new FileKeyProvider(file(), true, lateEvening).pseudonymKey("179").id()).startsWith("179-20260105-");
    }

    @Test
    void aSecondProviderOnTheSameFileReturnsTheSameKey() {
        HmacKey first = new FileKeyProvider(file(), true, JAN_5).pseudonymKey("179");

        HmacKey again = new FileKeyProvider(file(), true, JUL_1).pseudonymKey("179");
        HmacKey readOnly = new FileKeyProvider(file(), false, JUL_1).pseudonymKey("179");

        assertThat(again).isEqualTo(first);
        assertThat(readOnly).isEqualTo(first);
        assertThat(Arrays.equals(readOnly.secret(), first.secret())).isTrue();
    }

    @Test
    void twoProvidersOpenedBeforeEitherGeneratesAgreeOnOneKey() {
        FileKeyProvider one = new FileKeyProvider(file(), true, JAN_5);
        FileKeyProvider two = new FileKeyProvider(file(), true, JAN_5);

        HmacKey first = one.pseudonymKey("179");
        HmacKey second = two.pseudonymKey("179");

        // a key id must never come to mean another secret: pseudonyms made with the first would be lost
        assertThat(second).isEqualTo(first);
        assertThat(new FileKeyProvider(file(), false, JAN_5).key(first.id())).contains(first);
    }

    @Test
    void aKeyMadeAgainAfterTheFileWasLostGetsAnotherId() throws IOException {
        HmacKey first = new FileKeyProvider(file(), true, JAN_5).pseudonymKey("179");
        Files.delete(file());

        HmacKey second = new FileKeyProvider(file(), true, JAN_5).pseudonymKey("179");

        // same area, same day, new secret: the id differs, so records show that linkage broke
        assertThat(second.id()).isNotEqualTo(first.id()).startsWith("179-20260105-");
    }

    @Test
    void aKeyFileThatIsNotAKeyFileIsRefusedNamingIt() throws IOException {
        Files.writeString(file(), "this is not a key file\n");
        TutkaException e = catchThrowableOfType(TutkaException.class, () -> new FileKeyProvider(file(), true, JAN_5));
        assertThat(e.code()).isEqualTo(ErrorCode.KEY_UNAVAILABLE);
        assertThat(e.getMessage()).contains(file().toString()).contains("'this'");

        Files.writeString(file(), "key.x=\\u12\n");
        e = catchThrowableOfType(TutkaException.class, () -> new FileKeyProvider(file(), true, JAN_5));
        assertThat(e.code()).isEqualTo(ErrorCode.KEY_UNAVAILABLE);
        assertThat(e.getMessage()).contains(file().toString());
    }

    @Test
    void eachAreaGetsItsOwnKeyAndOthersAreKept() throws IOException {
        FileKeyProvider provider = new FileKeyProvider(file(), true, JAN_5);
        HmacKey a179 = provider.pseudonymKey("179");
        HmacKey a837 = provider.pseudonymKey("837");

        assertThat(a837.id()).startsWith("837-20260105-");
        assertThat(a837.secret()).isNotEqualTo(a179.secret());
        FileKeyProvider reread = new FileKeyProvider(file(), false, JAN_5);
        assertThat(reread.pseudonymKey("179")).isEqualTo(a179);
        assertThat(reread.pseudonymKey("837")).isEqualTo(a837);
        assertThat(load().stringPropertyNames()).containsExactlyInAnyOrder("current.179", "key." + a179.id(),
                "current.837", "key." + a837.id());
    }

    @Test
    void rotationKeepsTheOldKeyReadableById() throws IOException {
        HmacKey old = new FileKeyProvider(file(), true, JAN_5).pseudonymKey("179");
        byte[] next = new byte[32];
        Arrays.fill(next, (byte) 7);
        Properties properties = load();
        properties.setProperty("key.179-20260701", Base64.getEncoder().encodeToString(next));
        properties.setProperty("current.179", "179-20260701");
        store(properties);

        FileKeyProvider provider = new FileKeyProvider(file(), false, JUL_1);

        assertThat(provider.pseudonymKey("179")).isEqualTo(new HmacKey("179-20260701", next));
        assertThat(provider.key(old.id())).contains(old);
        assertThat(provider.key("179-20260701")).contains(new HmacKey("179-20260701", next));
        assertThat(provider.key("179-19990101")).isEmpty();
    }

    @Test
    void withoutGenerateAMissingFileIsAnErrorNamingTheFileAndTheSetting() {
        TutkaException e = catchThrowableOfType(TutkaException.class, () -> new FileKeyProvider(file(), false, JAN_5));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.KEY_UNAVAILABLE);
        assertThat(e.getMessage()).contains(file().toAbsolutePath().toString()).contains("tutka.keys.generate");
        assertThat(Files.exists(file())).isFalse();
    }

    @Test
    void withoutGenerateAnAreaWithoutAKeyIsAnError() throws IOException {
        Properties properties = new Properties();
        properties.setProperty("key.179-20260105", Base64.getEncoder().encodeToString(new byte[32]));
        properties.setProperty("current.179", "179-20260105");
        store(properties);
        FileKeyProvider provider = new FileKeyProvider(file(), false, JAN_5);

        TutkaException e = catchThrowableOfType(TutkaException.class, () -> provider.pseudonymKey("837"));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.KEY_UNAVAILABLE);
        assertThat(e.getMessage()).contains("837").contains(file().toAbsolutePath().toString())
                .contains("tutka.keys.generate");
        assertThat(load()).isEqualTo(properties);
    }

    @Test
    void aCurrentPointerToAMissingKeyIsNamed() throws IOException {
        Properties properties = new Properties();
        properties.setProperty("key.179-20260105", Base64.getEncoder().encodeToString(new byte[32]));
        properties.setProperty("current.179", "179-20260701");
        store(properties);

        TutkaException e = catchThrowableOfType(TutkaException.class, () -> new FileKeyProvider(file(), true, JAN_5));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.KEY_UNAVAILABLE);
        assertThat(e.getMessage()).contains("current.179").contains("179-20260701")
                .contains(file().toAbsolutePath().toString());
    }

    @Test
    void aTooShortKeyIsAnError() throws IOException {
        Properties properties = new Properties();
        properties.setProperty("key.179-20260105", Base64.getEncoder().encodeToString(new byte[16]));
        properties.setProperty("current.179", "179-20260105");
        store(properties);

        TutkaException e = catchThrowableOfType(TutkaException.class, () -> new FileKeyProvider(file(), false, JAN_5));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.KEY_UNAVAILABLE);
        assertThat(e.getMessage()).contains("179-20260105").contains("at least 32 bytes").contains("has 16")
                .contains(file().toAbsolutePath().toString());
    }

    @Test
    void aKeyThatIsNotBase64IsAnErrorThatDoesNotShowIt() throws IOException {
        Files.writeString(file(), "current.179=179-20260105\nkey.179-20260105=not*base64!secret\n");

        TutkaException e = catchThrowableOfType(TutkaException.class, () -> new FileKeyProvider(file(), false, JAN_5));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.KEY_UNAVAILABLE);
        assertThat(e.getMessage()).contains("179-20260105").contains("base64").doesNotContain("not*base64!secret");
    }

    private Properties load() throws IOException {
        return load(file());
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(file, StandardCharsets.ISO_8859_1)));
        return properties;
    }

    private void store(Properties properties) throws IOException {
        try (var out = Files.newOutputStream(file())) {
            properties.store(out, null);
        }
    }
}
