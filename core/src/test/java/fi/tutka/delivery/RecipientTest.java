package fi.tutka.delivery;

import static fi.tutka.delivery.LinkageWriterTest.CLOCK;
import static fi.tutka.delivery.LinkageWriterTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.delivery.TestCertificates.Holder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the linkage file's recipient certificate, and every way it is refused. */
class RecipientTest {
    static final Instant FROM = NOW.minus(30, ChronoUnit.DAYS);
    static final Instant TO = NOW.plus(700, ChronoUnit.DAYS);

    @TempDir
    Path dir;

    Holder rsa(String name, Instant from, Instant to, int keyUsage) throws Exception {
        return TestCertificates.write(dir, name, TestCertificates.rsa(2048), from, to, keyUsage);
    }

    static void assertRefused(Path file, String message) {
        assertThatThrownBy(() -> Recipient.load(file, CLOCK))
                .isInstanceOfSatisfying(TutkaException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessage("CONFIGURATION: recipient: certificate " + file + " " + message);
    }

    @Test
    void aPemCertificateIsReadWithItsNamesSerialFingerprintAndEnd() throws Exception {
        Holder holder = rsa("recipient", FROM, TO, KeyUsage.keyEncipherment);

        Recipient recipient = Recipient.load(holder.certificate(), CLOCK);

        String pem = Files.readString(holder.certificate());
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        assertThat(recipient.subject()).isEqualTo("CN=recipient,O=Tutka tests");
        assertThat(recipient.issuer()).isEqualTo("CN=recipient,O=Tutka tests");
        assertThat(recipient.serial()).isEqualTo("1f2e3d");
        assertThat(recipient.sha256())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)));
        assertThat(recipient.notAfter()).isEqualTo(TO);
        assertThat(recipient.file()).isEqualTo(holder.certificate());
    }

    @Test
    void aDerCertificateAndAPemWithTextAroundItAreReadToo() throws Exception {
        Holder holder = rsa("recipient", FROM, TO, 0);
        String pem = Files.readString(holder.certificate());
        Path der = dir.resolve("recipient.der");
        Files.write(der, Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "")));
        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, "Subject: the recipient\n" + pem + pem.replace("\n", "\r\n"));

        assertThat(Recipient.load(der, CLOCK).sha256()).isEqualTo(Recipient.load(holder.certificate(), CLOCK)
                .sha256());
        assertThat(Recipient.load(chain, CLOCK).sha256()).isEqualTo(Recipient.load(der, CLOCK).sha256());
    }

    @Test
    void aFileThatIsNotACertificateIsRefused() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a certificate\n", StandardCharsets.UTF_8);
        Path junk = dir.resolve("junk.der");
        Files.write(junk, new byte[] {0x30, 0x03, 0x02, 0x01});

        assertRefused(text, "is not an X.509 certificate (PEM or DER); give the recipient's certificate file, such "
                + "as recipient.crt");
        assertRefused(junk, "is not an X.509 certificate (PEM or DER); give the recipient's certificate file, such "
                + "as recipient.crt");
        assertRefused(dir.resolve("missing.crt"), "cannot be read (no such file or folder: "
                + dir.resolve("missing.crt") + "); give the path of the recipient's X.509 certificate file");
    }

    @Test
    void aPrivateKeyIsRefusedAsSuch() throws Exception {
        Holder holder = rsa("recipient", FROM, TO, 0);

        assertRefused(holder.privateKey(), "holds a private key, not a certificate: give the recipient's certificate "
                + "(-----BEGIN CERTIFICATE-----); a private key must never be given to Tutka");
    }

    @Test
    void anExpiredCertificateIsRefusedWithItsDates() throws Exception {
        Instant end = Instant.parse("2026-06-30T21:00:00Z");
        Holder holder = rsa("old", Instant.parse("2024-07-01T00:00:00Z"), end, 0);

        assertRefused(holder.certificate(), "expired on 2026-06-30T21:00:00Z (valid from 2024-07-01T00:00:00Z to "
                + "2026-06-30T21:00:00Z); ask the recipient for their current certificate");
    }

    @Test
    void aCertificateNotValidYetIsRefusedWithItsDates() throws Exception {
        Holder holder = rsa("early", Instant.parse("2026-07-02T00:00:00Z"), Instant.parse("2027-07-02T00:00:00Z"), 0);

        assertRefused(holder.certificate(), "is not valid yet: valid from 2026-07-02T00:00:00Z to "
                + "2027-07-02T00:00:00Z; check the clock, or wait until 2026-07-02T00:00:00Z");
    }

    @Test
    void unsupportedKeysAreRefused() throws Exception {
        Holder small = TestCertificates.write(dir, "small", TestCertificates.rsa(1024), FROM, TO, 0);
        Holder signingOnly = rsa("signing", FROM, TO, KeyUsage.digitalSignature);
        Holder k1 = TestCertificates.write(dir, "k1", TestCertificates.ec("secp256k1"), FROM, TO, 0);
        Holder ecSigning = TestCertificates.write(dir, "ecsigning", TestCertificates.ec("secp384r1"), FROM, TO,
                KeyUsage.digitalSignature);
        Holder ed = TestCertificates.write(dir, "ed", KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), FROM,
                TO, 0);

        assertRefused(small.certificate(), "holds an RSA key of 1024 bits; ask the recipient for a certificate with "
                + "an RSA key of at least 2048 bits");
        assertRefused(signingOnly.certificate(), "does not allow key encipherment (its key usage extension), so "
                + "nothing may be encrypted to it; ask the recipient for their encryption certificate");
        assertRefused(k1.certificate(), "holds an EC key on a curve other than P-256, P-384 or P-521; ask the "
                + "recipient for a certificate with an RSA key or an EC key on one of those curves");
        assertRefused(ecSigning.certificate(), "does not allow key agreement (its key usage extension), so nothing "
                + "may be encrypted to its EC key; ask the recipient for their encryption certificate");
        assertRefused(ed.certificate(), "holds a key of an unsupported type (EdDSA); ask the recipient for a "
                + "certificate with an RSA key (at least 2048 bits) or an EC key (P-256, P-384 or P-521)");
    }

    @Test
    void ecCertificatesOnTheNistCurvesAreAccepted() throws Exception {
        for (String curve : new String[] {"secp256r1", "secp384r1", "secp521r1"}) {
            Holder holder = TestCertificates.write(dir, curve, TestCertificates.ec(curve), FROM, TO,
                    KeyUsage.keyAgreement);
            assertThat(Recipient.load(holder.certificate(), CLOCK).subject()).isEqualTo("CN=" + curve
                    + ",O=Tutka tests");
        }
    }
}
