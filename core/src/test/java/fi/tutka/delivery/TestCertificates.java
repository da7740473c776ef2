package fi.tutka.delivery;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fi.tutka.internal.IdentityCode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSEnvelopedDataParser;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys, certificates and identity codes (individual numbers 900-999 only) for the linkage tests. */
final class TestCertificates {
    static final Provider BC = new BouncyCastleProvider();

    /** A key and its certificate, both written as PEM files. */
    record Holder(KeyPair keys, Path certificate, Path privateKey) {
    }

    private TestCertificates() {
    }

    static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    /** A self-signed certificate for the key, valid between the instants; {@code keyUsage} 0 leaves it out. */
    static Holder write(Path folder, String name, KeyPair keys, Instant from, Instant to, int keyUsage)
            throws Exception {
        X500Name subject = new X500Name("O=Tutka tests,CN=" + name);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(0x1f2e3d),
                Date.from(from), Date.from(to), subject, keys.getPublic());
        if (keyUsage != 0) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        }
        String key = keys.getPrivate().getAlgorithm();
        String algorithm = key.equals("EC") ? "SHA256withECDSA" : key.equals("RSA") ? "SHA256withRSA" : "Ed25519";
        X509CertificateHolder certificate = builder.build(new JcaContentSignerBuilder(algorithm).setProvider(BC)
                .build(keys.getPrivate()));
        Path certificateFile = folder.resolve(name + ".crt");
        Path keyFile = folder.resolve(name + ".key");
        Files.writeString(certificateFile, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        return new Holder(keys, certificateFile, keyFile);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Opens a linkage file with Bouncy Castle. */
    static byte[] decrypt(InputStream p7m, PrivateKey key) throws Exception {
        CMSEnvelopedDataParser parser = new CMSEnvelopedDataParser(p7m);
        RecipientInformation recipient = parser.getRecipientInfos().getRecipients().iterator().next();
        org.bouncycastle.cms.Recipient opener = key.getAlgorithm().equals("EC")
                ? new JceKeyAgreeEnvelopedRecipient(key).setProvider(BC)
                : new JceKeyTransEnvelopedRecipient(key).setProvider(BC);
        try (InputStream content = recipient.getContentStream(opener).getContentStream()) {
            return content.readAllBytes();
        }
    }

    /**
     * Opens a linkage file with {@code openssl cms -decrypt}, as the recipient does; returns the plaintext's bytes.
     * Without openssl on the PATH the test is skipped, except under CI ({@code CI=true}), where it fails.
     */
    static byte[] opensslDecrypt(Path p7m, Holder recipient, Path out) throws IOException, InterruptedException {
        requireOpenssl();
        Process process = new ProcessBuilder("openssl", "cms", "-decrypt", "-inform", "DER", "-in", p7m.toString(),
                "-recip", recipient.certificate().toString(), "-inkey", recipient.privateKey().toString(),
                "-out", out.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
            throw new AssertionError("openssl cms -decrypt exited " + exit + ": " + output);
        }
        return Files.readAllBytes(out);
    }

    private static void requireOpenssl() throws InterruptedException {
        boolean found;
        try {
            Process version = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            found = version.waitFor() == 0;
        } catch (IOException e) {
            found = false;
        }
        if (!found && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but no openssl on the PATH: the linkage file must be shown to open "
                    + "with openssl cms -decrypt");
        }
        assumeTrue(found, "no openssl on the PATH (apt-get install openssl); CI=true makes this a failure");
    }

    /** A valid temporary identity code of someone born 1 Jan 1990: individual numbers 900-999 only. */
    static String identityCode(int individual) {
        if (individual < 900 || individual > 999) {
            throw new IllegalArgumentException("tests use individual numbers 900-999 only");
        }
        return "010190-" + individual + IdentityCode.checkCharacter(LocalDate.of(1990, 1, 1), individual);
    }
}
