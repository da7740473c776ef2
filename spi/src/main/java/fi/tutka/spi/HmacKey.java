package fi.tutka.spi;

import java.util.Arrays;
import java.util.Objects;

/** A secret key with the id written beside everything it produced, so that rotated keys stay usable by id. */
public final class HmacKey {
    private final String id;
    private final byte[] secret;

    /**
     * @param id     short, stable key id ({@code 837-2026a}); never secret
     * @param secret at least 32 bytes of key material
     */
    public HmacKey(String id, byte[] secret) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("key id must not be blank");
        }
        if (secret == null || secret.length < 32) {
            throw new IllegalArgumentException("key '" + id + "' must have at least 32 bytes of secret, has "
                    + (secret == null ? 0 : secret.length));
        }
        this.id = id;
        this.secret = secret.clone();
    }

    public String id() {
        return id;
    }

    /** A copy of the key material. */
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HmacKey key && id.equals(key.id) && Arrays.equals(secret, key.secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(secret));
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "HmacKey[" + id + "]";
    }
}
