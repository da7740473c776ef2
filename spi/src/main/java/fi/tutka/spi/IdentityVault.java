package fi.tutka.spi;

import java.util.List;
import java.util.Optional;

/**
 * The identity codes behind pseudonyms, encrypted at rest under the area key that made each pseudonym: what the
 * half-year delivery's linkage file (subject to identity code, for Statistics Finland) is built from. The engine
 * {@link #remember remembers} a client's entry before it writes the client's records, so every durable record has its
 * identity code here. Nowhere else is an identity code kept.
 *
 * <p>An entry is identified by its pseudonym and key id ({@code subject_key}, {@code subject}); the identity code is
 * decrypted only by {@link #identityCode}. Implementations are thread-safe and, where the storage is shared, safe
 * across processes. Their messages and logs never show an identity code.
 *
 * <p>Failures are {@link fi.tutka.api.TutkaException}s: {@link fi.tutka.api.ErrorCode#KEY_UNAVAILABLE} naming the
 * key id when the key provider does not hold the key an entry is (to be) encrypted under;
 * {@link fi.tutka.api.ErrorCode#IO} when the storage cannot be read or written, or an entry does not decrypt (it was
 * altered, or moved to another pseudonym's place).
 */
public interface IdentityVault extends AutoCloseable {

    /**
     * Stores, encrypted, the identity codes behind pseudonyms; an entry already held is left as it is. Durable when
     * it returns. Concurrent calls with overlapping entries, from any thread or process, keep one entry each.
     */
    void remember(List<VaultEntry> entries);

    /** The identity code behind a pseudonym, decrypted, or empty when the vault has none. */
    Optional<String> identityCode(String subjectKey, String subject);

    /** Releases connections; entries remembered before stay stored. */
    @Override
    void close();
}
