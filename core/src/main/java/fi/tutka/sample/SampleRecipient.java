package fi.tutka.sample;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.internal.IoErrors;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * A recipient for sample data only: an RSA 3072 key and a self-signed certificate (CN "Tutka sample recipient - not
 * for real data", valid two years from the clock), so that the demo can build and open an encrypted linkage file.
 * A real delivery is encrypted to the certificate Statistics Finland gives; the key this writes is a test key on the
 * same disk as the data, which protects nothing.
 */
public final class SampleRecipient {
    /** The certificate's common name, which says what it is. */
    public static final String COMMON_NAME = "Tutka sample recipient - not for real data";
    public static final String CERTIFICATE_FILE = "recipient.crt";
    public static final String KEY_FILE = "recipient.key";
    static final int RSA_BITS = 3072;
    static final int VALID_YEARS = 2;

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Where the files went.
     *
     * @param certificate the certificate, PEM ({@code recipient.crt})
     * @param privateKey  the private key, PEM PKCS#8 without a passphrase ({@code recipient.key}), owner-only
     */
    public record Paths(Path certificate, Path privateKey) {
    }

    private SampleRecipient() {
    }

    /**
     * Generates a new key and certificate into {@code folder} (created if missing), replacing earlier ones: a
     * linkage file encrypted to the earlier certificate can then no longer be opened with these.
     */
    public static Paths write(Path folder, Clock clock) {
        Path certificate = folder.resolve(CERTIFICATE_FILE);
        Path key = folder.resolve(KEY_FILE);
        try {
            Files.createDirectories(folder);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS, RANDOM);
            KeyPair pair = generator.generateKeyPair();
            X509CertificateHolder holder = selfSigned(pair, clock.instant());
            replace(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
            replace(certificate, pem("CERTIFICATE", holder.getEncoded()), false);
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.IO, "cannot write the sample recipient into " + folder + ": "
                    + IoErrors.reason(e), e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate the sample recipient's key and certificate: " + e, e);
        }
        return new Paths(certificate, key);
    }

    private static X509CertificateHolder selfSigned(KeyPair pair, Instant now)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant from = now.truncatedTo(ChronoUnit.SECONDS);
        Instant to = from.atOffset(ZoneOffset.UTC).plusYears(VALID_YEARS).toInstant();
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, COMMON_NAME).build();
        BigInteger serial = new BigInteger(127, RANDOM).add(BigInteger.ONE);
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial, Date.from(from),
                Date.from(to), name, pair.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyEncipherment | KeyUsage.digitalSignature))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        extensions.createSubjectKeyIdentifier(pair.getPublic()));
        return builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
    }

    private static String pem(String type, byte[] der) throws IOException {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        }
        return text.toString();
    }

    /**
     * Writes a new file beside the target, owner-only from the start when asked (else readable by all, as a
     * certificate may be), and renames it into place.
     */
    private static void replace(Path target, String text, boolean ownerOnly) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        ownerOnly ? "rw-------" : "rw-r--r--"))}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp", attributes);
        try {
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.US_ASCII)) {
                writer.write(text);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
