package fi.tutka.delivery;

import static fi.tutka.delivery.TestCertificates.identityCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.tutka.delivery.TestCertificates.Holder;
import fi.tutka.sample.SampleRecipient;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataParser;
import org.bouncycastle.cms.KeyAgreeRecipientInformation;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.RecipientInformation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encrypted linkage file, opened with Bouncy Castle and with the openssl command line. */
class LinkageWriterTest {
    static final Instant NOW = Instant.parse("2026-07-01T06:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String SUBJECT_A = "a1".repeat(32);
    static final String SUBJECT_B = "b2".repeat(32);
    static final String KEY_ID = "179-20260105-ab12cd34";

    @TempDir
    static Path keys;
    static Holder rsa;
    static Holder ec;

    @TempDir
    Path dir;

    @BeforeAll
    static void recipients() throws Exception {
        rsa = TestCertificates.write(keys, "linkage-rsa", TestCertificates.rsa(2048), NOW.minus(1, ChronoUnit.DAYS),
                NOW.plus(365, ChronoUnit.DAYS), KeyUsage.keyEncipherment);
        ec = TestCertificates.write(keys, "linkage-ec", TestCertificates.ec("secp256r1"),
                NOW.minus(1, ChronoUnit.DAYS), NOW.plus(365, ChronoUnit.DAYS), KeyUsage.keyAgreement);
    }

    static Recipient load(Holder holder) {
        return Recipient.load(holder.certificate(), CLOCK);
    }

    /** Writes rows of (subject, key id, identity code) and returns the .p7m file. */
    Path write(Holder recipient, List<List<String>> rows) throws IOException {
        Path p7m = dir.resolve("linkage.csv.p7m");
        try (OutputStream out = Files.newOutputStream(p7m);
                LinkageWriter writer = LinkageWriter.open(out, load(recipient))) {
            for (List<String> row : rows) {
                writer.write(row.get(0), row.get(1), row.get(2));
            }
            assertThat(writer.rows()).isEqualTo(rows.size());
        }
        return p7m;
    }

    /** The plaintext, opened with Bouncy Castle and with openssl cms -decrypt, which must agree to the byte. */
    String opened(Path p7m, Holder recipient) throws Exception {
        byte[] withBouncyCastle;
        try (InputStream in = Files.newInputStream(p7m)) {
            withBouncyCastle = TestCertificates.decrypt(in, recipient.keys().getPrivate());
        }
        byte[] withOpenssl = TestCertificates.opensslDecrypt(p7m, recipient, dir.resolve("plain.csv"));
        assertThat(withOpenssl).isEqualTo(withBouncyCastle);
        return new String(withBouncyCastle, StandardCharsets.UTF_8);
    }

    static final List<List<String>> ROWS = List.of(
            List.of(SUBJECT_A, KEY_ID, identityCode(901)),
            List.of(SUBJECT_B, KEY_ID, identityCode(999).toLowerCase(Locale.ROOT)));
    static final String CSV = "subject,subject_key,identity_code\r\n"
            + SUBJECT_A + "," + KEY_ID + "," + identityCode(901) + "\r\n"
            + SUBJECT_B + "," + KEY_ID + "," + identityCode(999) + "\r\n";

    @Test
    void anRsaRecipientOpensItWithBouncyCastleAndWithOpenssl() throws Exception {
        Path p7m = write(rsa, ROWS);

        assertThat(opened(p7m, rsa)).isEqualTo(CSV);
    }

    @Test
    void rsaKeyTransportIsOaepWithSha256AndTheContentAes256Cbc() throws Exception {
        Path p7m = write(rsa, ROWS);

        try (InputStream in = Files.newInputStream(p7m)) {
            CMSEnvelopedDataParser parser = new CMSEnvelopedDataParser(in);
            assertThat(parser.getEncryptionAlgOID()).isEqualTo(CMSAlgorithm.AES256_CBC.getId());
            List<RecipientInformation> recipients = List.copyOf(parser.getRecipientInfos().getRecipients());
            assertThat(recipients).hasSize(1).first().isInstanceOf(KeyTransRecipientInformation.class);
            RSAESOAEPparams oaep = RSAESOAEPparams.getInstance(
                    recipients.get(0).getKeyEncryptionAlgorithm().getParameters());
            assertThat(recipients.get(0).getKeyEncryptionAlgOID()).isEqualTo("1.2.840.113549.1.1.7");
            assertThat(oaep.getHashAlgorithm().getAlgorithm().getId()).isEqualTo("2.16.840.1.101.3.4.2.1");
            assertThat(oaep.getMaskGenAlgorithm().getParameters().toString()).contains("2.16.840.1.101.3.4.2.1");
        }
    }

    @Test
    void anEcRecipientOpensItWithBouncyCastleAndWithOpenssl() throws Exception {
        Path p7m = write(ec, ROWS);

        try (InputStream in = Files.newInputStream(p7m)) {
            assertThat(new CMSEnvelopedDataParser(in).getRecipientInfos().getRecipients())
                    .singleElement().isInstanceOf(KeyAgreeRecipientInformation.class);
        }
        assertThat(opened(p7m, ec)).isEqualTo(CSV);
    }

    @Test
    void theSampleRecipientsFilesOpenItWithOpenssl() throws Exception {
        SampleRecipient.Paths sample = SampleRecipient.write(dir.resolve("sample"), CLOCK);
        Holder recipient = new Holder(null, sample.certificate(), sample.privateKey());

        Path p7m = write(recipient, ROWS);

        assertThat(new String(TestCertificates.opensslDecrypt(p7m, recipient, dir.resolve("plain.csv")),
                StandardCharsets.UTF_8)).isEqualTo(CSV);
    }

    @Test
    void noRowsGiveJustTheHeader() throws Exception {
        Path p7m = write(rsa, List.of());

        assertThat(opened(p7m, rsa)).isEqualTo("subject,subject_key,identity_code\r\n");
    }

    @Test
    void noIdentityCodeStandsInTheFileInPlain() throws Exception {
        Path p7m = write(rsa, ROWS);

        String bytes = new String(Files.readAllBytes(p7m), StandardCharsets.ISO_8859_1);
        assertThat(bytes).doesNotContain(identityCode(901)).doesNotContain(identityCode(999))
                .doesNotContainIgnoringCase(identityCode(999)).doesNotContain("identity_code")
                .doesNotContain(SUBJECT_A);
    }

    @Test
    void manyRowsStreamThroughAndOpensslReadsThemAll() throws Exception {
        int count = 100_000;
        Path p7m = dir.resolve("linkage.csv.p7m");
        try (OutputStream out = Files.newOutputStream(p7m); LinkageWriter writer = LinkageWriter.open(out, load(rsa))) {
            for (int i = 0; i < count; i++) {
                writer.write(String.format("%064x", i), KEY_ID, identityCode(900 + i % 100));
            }
        }

        TestCertificates.opensslDecrypt(p7m, rsa, dir.resolve("plain.csv"));
        try (BufferedReader lines = Files.newBufferedReader(dir.resolve("plain.csv"))) {
            assertThat(lines.readLine()).isEqualTo("subject,subject_key,identity_code");
            for (int i = 0; i < count; i++) {
                assertThat(lines.readLine()).isEqualTo(String.format("%064x", i) + "," + KEY_ID + ","
                        + identityCode(900 + i % 100));
            }
            assertThat(lines.readLine()).isNull();
        }
    }

    @Test
    void closeEndsTheStructureButLeavesTheStreamOpen() throws Exception {
        boolean[] closed = {false};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream out = new FilterOutputStream(bytes) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        LinkageWriter writer = LinkageWriter.open(out, load(rsa));
        writer.write(SUBJECT_A, KEY_ID, identityCode(901));
        writer.close();
        writer.close();

        assertThat(closed[0]).isFalse();
        assertThat(new String(TestCertificates.decrypt(new ByteArrayInputStream(bytes.toByteArray()),
                rsa.keys().getPrivate()), StandardCharsets.UTF_8))
                .isEqualTo("subject,subject_key,identity_code\r\n" + SUBJECT_A + "," + KEY_ID + ","
                        + identityCode(901) + "\r\n");
        assertThatThrownBy(() -> writer.write(SUBJECT_B, KEY_ID, identityCode(902)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBadRowIsRefusedWithoutItsValues() throws Exception {
        String wrongCheck = identityCode(901).substring(0, 10) + "X";
        try (LinkageWriter writer = LinkageWriter.open(new ByteArrayOutputStream(), load(rsa))) {
            writer.write(SUBJECT_A, KEY_ID, identityCode(901));

            assertThatThrownBy(() -> writer.write(SUBJECT_B, KEY_ID, wrongCheck))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("linkage row 2: identity code's check character does not match");
            assertThatThrownBy(() -> writer.write(identityCode(902), KEY_ID, identityCode(902)))
                    .hasMessage("linkage row 2: the subject or subject_key is shaped like an identity code: the "
                            + "arguments are subject, subject_key, identity_code");
            assertThatThrownBy(() -> writer.write("", KEY_ID, identityCode(902)))
                    .hasMessage("linkage row 2: subject and subject_key must not be empty");
            assertThat(writer.rows()).isEqualTo(1);
        }
    }
}
