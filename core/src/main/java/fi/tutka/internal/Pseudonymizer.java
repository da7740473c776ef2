package fi.tutka.internal;

import fi.tutka.spi.HmacKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code lowercase hex(HMAC-SHA256(key, UTF-8(text)))}, with one {@link Mac} per thread. */
public final class Pseudonymizer {
    private static final HexFormat HEX = HexFormat.of();

    private final HmacKey key;
    private final ThreadLocal<Mac> macs;

    public Pseudonymizer(HmacKey key) {
        this.key = key;
        SecretKeySpec spec = new SecretKeySpec(key.secret(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
        });
    }

    public String keyId() {
        return key.id();
    }

    public String hex(String text) {
        return HEX.formatHex(mac(text));
    }

    public byte[] mac(String text) {
        return macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8));
    }
}
