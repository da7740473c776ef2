package fi.tutka.delivery;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.internal.IoErrors;
import fi.tutka.internal.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The holder of the X.509 certificate that the linkage file {@code linkage.csv.p7m} is encrypted to: Statistics
 * Finland, or whoever links the delivery with the registers. Only the certificate is needed; its private key never
 * comes near Tutka.
 *
 * <p>{@link #load} accepts a PEM ({@code -----BEGIN CERTIFICATE-----}; the first certificate of a chain file) or a
 * DER file, valid on the clock's instant, with an RSA key of at least 2048 bits or an EC key on P-256, P-384 or
 * P-521, and whose key usage, when the certificate restricts it, allows key encipherment (RSA) or key agreement
 * (EC). Anything else is a {@link ErrorCode#CONFIGURATION} error naming the setting {@code recipient}, the file and
 * how to fix it.
 */
public final class Recipient {
    static final int MIN_RSA_BITS = 2048;
    /** Larger files are no certificate (a certificate chain is a few kilobytes). */
    private static final long MAX_BYTES = 1 << 20;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_AGREEMENT = 4;

    private final Path file;
    private final X509Certificate certificate;
    private final String sha256;

    private Recipient(Path file, X509Certificate certificate, String sha256) {
        this.file = file;
        this.certificate = certificate;
        this.sha256 = sha256;
    }

    /** Reads and checks the recipient's certificate (PEM or DER). */
    public static Recipient load(Path certificate, Clock clock) {
        byte[] bytes;
        try {
            if (Files.size(certificate) > MAX_BYTES) {
                throw notACertificate(certificate, null);
            }
            bytes = Files.readAllBytes(certificate);
        } catch (IOException e) {
            throw problem(certificate, "cannot be read (" + IoErrors.reason(e) + "); give the path of the recipient's "
                    + "X.509 certificate file", e);
        }
        X509CertificateHolder holder = parse(certificate, bytes);
        X509Certificate x509;
        try {
            x509 = new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw problem(certificate, "is not a usable X.509 certificate (" + e.getMessage() + "); ask the recipient "
                    + "for their certificate again", e);
        }
        Instant now = clock.instant();
        Instant from = x509.getNotBefore().toInstant();
        Instant to = x509.getNotAfter().toInstant();
        if (now.isAfter(to)) {
            throw problem(certificate, "expired on " + to + " (valid from " + from + " to " + to + "); ask the "
                    + "recipient for their current certificate", null);
        }
        if (now.isBefore(from)) {
            throw problem(certificate, "is not valid yet: valid from " + from + " to " + to + "; check the clock, or "
                    + "wait until " + from, null);
        }
        checkKey(certificate, x509);
        try {
            return new Recipient(certificate, x509, HexFormat.of().formatHex(Sha256.digest().digest(
                    x509.getEncoded())));
        } catch (CertificateException e) {
            throw problem(certificate, "cannot be encoded again (" + e.getMessage() + ")", e);
        }
    }

    private static X509CertificateHolder parse(Path file, byte[] bytes) {
        int first = 0;
        while (first < bytes.length && Character.isWhitespace(bytes[first])) {
            first++;
        }
        if (first < bytes.length && bytes[first] == 0x30) {
            try {
                return new X509CertificateHolder(bytes);
            } catch (IOException | RuntimeException e) {
                throw notACertificate(file, e);
            }
        }
        try (Reader text = new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.US_ASCII);
                PEMParser pem = new PEMParser(text)) {
            boolean privateKey = false;
            Object object;
            while ((object = pem.readObject()) != null) {
                if (object instanceof X509CertificateHolder holder) {
                    return holder;
                }
                privateKey |= object instanceof PrivateKeyInfo || object instanceof PEMKeyPair
                        || object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo;
            }
            if (privateKey) {
                throw problem(file, "holds a private key, not a certificate: give the recipient's certificate "
                        + "(-----BEGIN CERTIFICATE-----); a private key must never be given to Tutka", null);
            }
            throw notACertificate(file, null);
        } catch (IOException | RuntimeException e) {
            if (e instanceof TutkaException tutka) {
                throw tutka;
            }
            throw notACertificate(file, e);
        }
    }

    private static void checkKey(Path file, X509Certificate x509) {
        PublicKey key = x509.getPublicKey();
        boolean[] usage = x509.getKeyUsage();
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw problem(file, "holds an RSA key of " + bits + " bits; ask the recipient for a certificate with "
                        + "an RSA key of at least " + MIN_RSA_BITS + " bits", null);
            }
            if (usage != null && !usage[KEY_ENCIPHERMENT]) {
                throw problem(file, "does not allow key encipherment (its key usage extension), so nothing may be "
                        + "encrypted to it; ask the recipient for their encryption certificate", null);
            }
            return;
        }
        if (key instanceof ECPublicKey ec) {
            if (LinkageWriter.curveName(ec) == null) {
                throw problem(file, "holds an EC key on a curve other than P-256, P-384 or P-521; ask the recipient "
                        + "for a certificate with an RSA key or an EC key on one of those curves", null);
            }
            if (usage != null && !usage[KEY_AGREEMENT]) {
                throw problem(file, "does not allow key agreement (its key usage extension), so nothing may be "
                        + "encrypted to its EC key; ask the recipient for their encryption certificate", null);
            }
            return;
        }
        throw problem(file, "holds a key of an unsupported type (" + key.getAlgorithm() + "); ask the recipient for a "
                + "certificate with an RSA key (at least " + MIN_RSA_BITS + " bits) or an EC key (P-256, P-384 or "
                + "P-521)", null);
    }

    private static TutkaException notACertificate(Path file, Exception cause) {
        return problem(file, "is not an X.509 certificate (PEM or DER); give the recipient's certificate file, such "
                + "as recipient.crt", cause);
    }

    private static TutkaException problem(Path file, String what, Exception cause) {
        return new TutkaException(ErrorCode.CONFIGURATION, "recipient: certificate " + file + " " + what, cause);
    }

    /** The certificate file it was loaded from. */
    public Path file() {
        return file;
    }

    /** The certificate's subject, RFC 2253 ({@code CN=...,O=...}). */
    public String subject() {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    /** The certificate's issuer, RFC 2253. */
    public String issuer() {
        return certificate.getIssuerX500Principal().getName(X500Principal.RFC2253);
    }

    /** The certificate's serial number, lower-case hex. */
    public String serial() {
        BigInteger serial = certificate.getSerialNumber();
        return serial.toString(16);
    }

    /** SHA-256 of the DER certificate, lower-case hex: {@code openssl x509 -noout -fingerprint -sha256}. */
    public String sha256() {
        return sha256;
    }

    /** The end of the certificate's validity. */
    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    X509Certificate certificate() {
        return certificate;
    }

    @Override
    public String toString() {
        return "recipient " + subject() + " (serial " + serial() + ", SHA-256 " + sha256 + ")";
    }
}
