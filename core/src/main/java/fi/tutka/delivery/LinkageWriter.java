package fi.tutka.delivery;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.internal.IdentityCode;
import fi.tutka.internal.Redact;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.operator.OutputEncryptor;

/**
 * Writes the linkage file {@code linkage.csv.p7m}: the CSV {@code subject,subject_key,identity_code} (RFC 4180,
 * UTF-8, CRLF, header row), streamed straight into a CMS EnvelopedData (RFC 5652) to the {@link Recipient}'s
 * certificate, so that the identity codes never touch the disk in plain and memory stays flat however many rows
 * are written. The recipient opens it with
 *
 * <pre>
 * openssl cms -decrypt -inform DER -in linkage.csv.p7m -recip recipient.crt -inkey recipient.key -out linkage.csv
 * </pre>
 *
 * <p>The content is encrypted with AES-256-CBC under a fresh random key. That key reaches an RSA recipient by
 * RSAES-OAEP with SHA-256 and MGF1-SHA-256 (key transport, through the JDK's own providers), and an EC recipient by
 * ephemeral-static ECDH with the X9.63 SHA-256 KDF and AES-256 key wrap ({@code dhSinglePass-stdDH-sha256kdf-scheme},
 * through a private Bouncy Castle provider instance: nothing is added to the JVM's provider list). The output is
 * BER: indefinite lengths around definite-length 64 KiB chunks of ciphertext, which OpenSSL reads with
 * {@code -inform DER}. Encryption is randomised, so two files of the same rows differ.
 *
 * <p>{@link #close()} ends the CMS structure and flushes, but does not close the stream it was given: the caller
 * owns that (and forces it to disk). Not thread-safe.
 */
public final class LinkageWriter implements AutoCloseable {
    /** The plaintext CSV's header. */
    public static final List<String> HEADER = List.of("subject", "subject_key", "identity_code");
    /** The ciphertext is written in definite-length chunks of this many bytes. */
    static final int CHUNK_BYTES = 1 << 16;

    private static final CSVFormat CSV = CSVFormat.RFC4180;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Provider BC = new BouncyCastleProvider();

    private final OutputStream out;
    private final OutputStream cms;
    private final Writer writer;
    private long rows;
    private boolean closed;

    private LinkageWriter(OutputStream out, OutputStream cms) {
        this.out = out;
        this.cms = cms;
        this.writer = new BufferedWriter(new OutputStreamWriter(cms, StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), CHUNK_BYTES);
    }

    /**
     * Starts the CMS structure on {@code out} and writes the CSV header.
     *
     * @throws TutkaException {@link ErrorCode#CONFIGURATION} when the recipient's key cannot be used
     * @throws IOException    when {@code out} fails
     */
    public static LinkageWriter open(OutputStream out, Recipient recipient) throws IOException {
        CMSEnvelopedDataStreamGenerator generator = new CMSEnvelopedDataStreamGenerator();
        generator.setBufferSize(CHUNK_BYTES);
        OutputStream cms;
        try {
            generator.addRecipientInfoGenerator(recipientInfo(recipient));
            OutputEncryptor encryptor = new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC)
                    .setSecureRandom(RANDOM).build();
            cms = generator.open(new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            }, encryptor);
        } catch (CMSException | GeneralSecurityException e) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "recipient: cannot encrypt to certificate "
                    + recipient.file() + " (" + e.getMessage() + "); check that its key is RSA or EC (P-256, P-384, "
                    + "P-521)", e);
        }
        LinkageWriter writer = new LinkageWriter(out, cms);
        CSV.printRecord(writer.writer, HEADER.toArray());
        return writer;
    }

    private static RecipientInfoGenerator recipientInfo(Recipient recipient)
            throws GeneralSecurityException, CertificateEncodingException {
        if (recipient.certificate().getPublicKey() instanceof ECPublicKey ec) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
            generator.initialize(ec.getParams(), RANDOM);
            KeyPair ephemeral = generator.generateKeyPair();
            return new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF, ephemeral.getPrivate(),
                    ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP)
                    .addRecipient(recipient.certificate())
                    .setProvider(BC)
                    .setSecureRandom(RANDOM);
        }
        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
        AlgorithmIdentifier oaep = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP,
                new RSAESOAEPparams(sha256, new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha256),
                        RSAESOAEPparams.DEFAULT_P_SOURCE_ALGORITHM));
        return new JceKeyTransRecipientInfoGenerator(recipient.certificate(), oaep);
    }

    /** The NIST name of an EC key's curve when it is P-256, P-384 or P-521, or null. */
    static String curveName(ECPublicKey key) {
        for (String name : List.of("P-256", "P-384", "P-521")) {
            ECNamedCurveParameterSpec spec = ECNamedCurveTable.getParameterSpec(name);
            if (spec.getCurve().getFieldSize() == key.getParams().getCurve().getField().getFieldSize()
                    && spec.getN().equals(key.getParams().getOrder())
                    && spec.getCurve().getB().toBigInteger().equals(key.getParams().getCurve().getB())) {
                return name;
            }
        }
        return null;
    }

    /**
     * Writes one row. The identity code is checked (and written upper-cased, the form the pseudonym is made from);
     * a code that is not valid, or a subject or key id shaped like an identity code (arguments swapped), throws
     * {@link IllegalArgumentException} naming the row, never the value.
     */
    public void write(String subject, String subjectKey, String identityCode) throws IOException {
        if (closed) {
            throw new IllegalStateException("the linkage writer is closed");
        }
        long row = rows + 1;
        if (subject == null || subject.isEmpty() || subjectKey == null || subjectKey.isEmpty()) {
            throw new IllegalArgumentException("linkage row " + row + ": subject and subject_key must not be empty");
        }
        if (Redact.containsIdentityCode(subject) || Redact.containsIdentityCode(subjectKey)) {
            throw new IllegalArgumentException("linkage row " + row + ": the subject or subject_key is shaped like an "
                    + "identity code: the arguments are subject, subject_key, identity_code");
        }
        if (identityCode == null) {
            throw new IllegalArgumentException("linkage row " + row + ": the identity code is missing");
        }
        String code = identityCode.toUpperCase(Locale.ROOT);
        try {
            IdentityCode.parse(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("linkage row " + row + ": " + e.getMessage(), e);
        }
        CSV.printRecord(writer, subject, subjectKey, code);
        rows = row;
    }

    /** Rows written, the header not counted. */
    public long rows() {
        return rows;
    }

    /** Ends the CMS structure and flushes the stream given to {@link #open}, which stays open. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        writer.flush();
        cms.close();
        out.flush();
    }
}
