package fi.tutka.sample;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.delivery.Recipient;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleRecipientTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-07-01T06:00:00.250Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void writesAnRsa3072KeyAndACertificateValidTwoYearsThatTutkaAccepts() throws Exception {
        SampleRecipient.Paths paths = SampleRecipient.write(dir.resolve("keys"), CLOCK);

        assertThat(paths.certificate()).isEqualTo(dir.resolve("keys/recipient.crt"));
        assertThat(paths.privateKey()).isEqualTo(dir.resolve("keys/recipient.key"));
        Recipient recipient = Recipient.load(paths.certificate(), CLOCK);
        assertThat(recipient.subject()).isEqualTo("CN=Tutka sample recipient - not for real data");
        assertThat(recipient.issuer()).isEqualTo(recipient.subject());
        assertThat(recipient.notAfter()).isEqualTo(Instant.parse("2028-07-01T06:00:00Z"));
        String key = Files.readString(paths.privateKey());
        assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(key.replaceAll("-----[A-Z ]+-----", ""))));
        assertThat(rsa.getModulus().bitLength()).isEqualTo(3072);
        assertThat(Files.readString(paths.certificate())).startsWith("-----BEGIN CERTIFICATE-----\n");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.privateKey())))
                    .isEqualTo("rw-------");
        }
        try (var files = Files.list(dir.resolve("keys"))) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("recipient.crt", "recipient.key");
        }
    }

    @Test
    void writingAgainReplacesBoth() throws Exception {
        SampleRecipient.Paths first = SampleRecipient.write(dir, CLOCK);
        String firstCertificate = Files.readString(first.certificate());
        String firstKey = Files.readString(first.privateKey());

        SampleRecipient.Paths second = SampleRecipient.write(dir, CLOCK);

        assertThat(Files.readString(second.certificate())).isNotEqualTo(firstCertificate);
        assertThat(Files.readString(second.privateKey())).isNotEqualTo(firstKey);
    }
}
