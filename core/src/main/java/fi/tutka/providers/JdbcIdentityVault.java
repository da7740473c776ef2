package fi.tutka.providers;

import static fi.tutka.providers.JdbcDatabase.query;
import static fi.tutka.providers.JdbcDatabase.update;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.internal.Pseudonymizer;
import fi.tutka.spi.HmacKey;
import fi.tutka.spi.IdentityVault;
import fi.tutka.spi.KeyProvider;
import fi.tutka.spi.VaultEntry;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The identity vault in a relational database over JDBC: H2 in a file (the embedded default) or PostgreSQL, its
 * schema made by the migrations in {@code db/tutka-vault}. Each identity code is encrypted with AES-256-GCM under a
 * key derived from the area key that made its pseudonym, {@code HMAC-SHA256(secret of key subject_key,
 * UTF-8("tutka-identity-vault-v1"))}, with a random 12-byte nonce and {@code UTF-8(subject_key + "\n" + subject)} as
 * associated data: the table holds no identity code, and an entry altered or moved to another pseudonym does not
 * decrypt.
 *
 * <p>The pairs remembered lately ({@value #RECENT_CAPACITY} at most) are kept in memory, so a client seen again costs
 * no database round trip.
 */
public final class JdbcIdentityVault implements IdentityVault {
    static final String URL_SETTING = "tutka.vault.url";
    static final String USER_SETTING = "tutka.vault.user";
    static final String PASSWORD_SETTING = "tutka.vault.password";

    /** How many (key id, pseudonym) pairs remembered lately are known without asking the database. */
    static final int RECENT_CAPACITY = 100_000;
    private static final int MAX_TEXT = 200;
    /** Pairs looked up with one statement. */
    private static final int LOOKUP_CHUNK = 200;
    private static final String KEY_LABEL = "tutka-identity-vault-v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String INSERT = "INSERT INTO tutka_identity_vault (subject_key, subject, area, nonce, "
            + "ciphertext) VALUES (?, ?, ?, ?, ?)";
    /** SQL state of a unique key violation: the entry was stored meanwhile by another transaction. */
    private static final String DUPLICATE_KEY = "23505";

    private static final JdbcDatabase.Naming NAMING = new JdbcDatabase.Naming("identity vault", "tutka-vault",
            "tutka_vault_schema_history", ErrorCode.IO, URL_SETTING, USER_SETTING, PASSWORD_SETTING, "--vault-url",
            "--vault-user", "TUTKA_VAULT_PASSWORD");

    private final JdbcDatabase database;
    private final KeyProvider keys;
    private final Map<String, SecretKeySpec> vaultKeys = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Boolean> recent = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > RECENT_CAPACITY;
                }
            });

    /** The vault's migrations, the same on every kind of database. */
    static JdbcDatabase.Schema schema(JdbcDatabase.Kind kind) {
        return new JdbcDatabase.Schema(List.of("classpath:db/tutka-vault/common"), "1");
    }

    private JdbcIdentityVault(JdbcDatabase database, KeyProvider keys) {
        this.database = database;
        this.keys = keys;
    }

    /**
     * Opens the vault, creating or upgrading its schema.
     *
     * @param url      {@code jdbc:h2:...} or {@code jdbc:postgresql://...}
     * @param user     null for the driver's default
     * @param password null for none
     * @param keys     the keys the pseudonyms were made with: each entry is encrypted under its own
     * @throws TutkaException {@link ErrorCode#CONFIGURATION} naming {@value #URL_SETTING} when the database cannot
     *                        be reached within {@value JdbcDatabase#CONNECT_TIMEOUT_SECONDS} seconds or refuses the
     *                        login
     */
    public static JdbcIdentityVault open(String url, String user, String password, KeyProvider keys) {
        Objects.requireNonNull(keys, "keys");
        return new JdbcIdentityVault(JdbcDatabase.open(Objects.requireNonNull(url, "url"), user, password, NAMING,
                JdbcIdentityVault::schema), keys);
    }

    /** The URL without any password in it. */
    public String url() {
        return database.url();
    }

    /**
     * {@inheritDoc} Every entry is encrypted before anything is written, so a key that is missing stores none.
     *
     * @throws TutkaException {@link ErrorCode#KEY_UNAVAILABLE} naming the key id the key provider does not hold;
     *                        {@link ErrorCode#IO} when the database cannot be written
     * @throws IllegalArgumentException naming the field when a pseudonym, key id or area is too long or shaped like
     *                                  an identity code (they are stored in the clear)
     */
    @Override
    public void remember(List<VaultEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        // In one order for every caller, so that concurrent transactions take their row locks in the same order.
        TreeMap<String, VaultEntry> fresh = new TreeMap<>();
        for (VaultEntry entry : entries) {
            Objects.requireNonNull(entry, "entry");
            String pair = pair(entry.subjectKey(), entry.subject());
            // get, not containsKey: a pair seen again stays among the recent ones
            if (!fresh.containsKey(pair) && recent.get(pair) == null) {
                check(entry);
                fresh.put(pair, entry);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        List<Sealed> sealed = new ArrayList<>(fresh.size());
        for (VaultEntry entry : fresh.values()) {
            sealed.add(seal(entry));
        }
        int stored = database.inTransaction("remember " + sealed.size() + " identities", connection -> {
            Set<String> held = held(connection, fresh.keySet());
            List<Sealed> missing = new ArrayList<>(sealed.size());
            for (Sealed entry : sealed) {
                if (!held.contains(pair(entry.subjectKey(), entry.subject()))) {
                    missing.add(entry);
                }
            }
            return database.kind() == JdbcDatabase.Kind.POSTGRESQL ? insertPostgresql(connection, missing)
                    : insertH2(connection, missing);
        });
        if (stored > 0) {
            database.forceToDisk("remember " + stored + " identities");
        }
        for (String pair : fresh.keySet()) {
            recent.put(pair, Boolean.TRUE);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws TutkaException {@link ErrorCode#KEY_UNAVAILABLE} naming the key id when the key provider does not hold
     *                        it; {@link ErrorCode#IO} naming the pseudonym when its entry does not decrypt
     */
    @Override
    public Optional<String> identityCode(String subjectKey, String subject) {
        requireText("subject key", subjectKey);
        requireText("subject", subject);
        Sealed sealed = database.inTransaction("read an identity", connection -> {
            Sealed[] found = {null};
            query(connection, "SELECT area, nonce, ciphertext FROM tutka_identity_vault WHERE subject_key = ? "
                    + "AND subject = ?", rs -> found[0] = new Sealed(subjectKey, subject, rs.getString(1),
                    rs.getBytes(2), rs.getBytes(3)), subjectKey, subject);
            return found[0];
        });
        return sealed == null ? Optional.empty() : Optional.of(unseal(sealed));
    }

    @Override
    public void close() {
        database.close();
    }

    @Override
    public String toString() {
        return "JdbcIdentityVault[" + database.url() + "]";
    }

    // ---- encryption

    /** An entry as the table holds it. */
    private record Sealed(String subjectKey, String subject, String area, byte[] nonce, byte[] ciphertext) {
    }

    private Sealed seal(VaultEntry entry) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, entry.subjectKey(), entry.subject(), nonce);
            return new Sealed(entry.subjectKey(), entry.subject(), entry.area(), nonce,
                    cipher.doFinal(entry.identityCode().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to encrypt under key " + entry.subjectKey() + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private String unseal(Sealed sealed) {
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, sealed.subjectKey(), sealed.subject(), sealed.nonce());
            return new String(cipher.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8);
        } catch (AEADBadTagException | ProviderException e) {
            // a wrong tag, or a ciphertext shorter than one (the JDK's provider throws unchecked for that)
            throw new TutkaException(ErrorCode.IO, "identity vault at " + database.url() + ": the entry of subject "
                    + sealed.subject() + " (key " + sealed.subjectKey() + ") does not decrypt: it was altered, moved "
                    + "from another subject's row, or encrypted under another key of that id");
        } catch (GeneralSecurityException e) {
            throw new TutkaException(ErrorCode.IO, "identity vault at " + database.url() + ": the entry of subject "
                    + sealed.subject() + " (key " + sealed.subjectKey() + ") cannot be decrypted: "
                    + e.getClass().getSimpleName());
        }
    }

    /** AES-256-GCM under the key id's vault key, the pair as associated data. */
    private Cipher cipher(int mode, String subjectKey, String subject, byte[] nonce)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, vaultKey(subjectKey), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(pair(subjectKey, subject).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** {@code HMAC-SHA256(secret of the key subjectKey, UTF-8("tutka-identity-vault-v1"))}, as an AES-256 key. */
    private SecretKeySpec vaultKey(String subjectKey) {
        SecretKeySpec known = vaultKeys.get(subjectKey);
        if (known != null) {
            return known;
        }
        HmacKey key = keys.key(subjectKey).orElseThrow(() -> new TutkaException(ErrorCode.KEY_UNAVAILABLE,
                "the key provider holds no key '" + subjectKey + "': the identity vault encrypts the identity codes "
                        + "behind that key's pseudonyms under it. Give the key file that holds it"));
        return vaultKeys.computeIfAbsent(subjectKey, id -> new SecretKeySpec(new Pseudonymizer(key).mac(KEY_LABEL),
                "AES"));
    }

    private static String pair(String subjectKey, String subject) {
        return subjectKey + "\n" + subject;
    }

    // ---- rows

    /** The pairs among {@code pairs} that the table holds already. */
    private static Set<String> held(Connection connection, Collection<String> pairs) throws SQLException {
        Set<String> held = new HashSet<>();
        List<String> all = new ArrayList<>(pairs);
        for (int from = 0; from < all.size(); from += LOOKUP_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + LOOKUP_CHUNK));
            Object[] parameters = new Object[chunk.size() * 2];
            for (int i = 0; i < chunk.size(); i++) {
                String pair = chunk.get(i);
                int split = pair.indexOf('\n');
                parameters[2 * i] = pair.substring(0, split);
                parameters[2 * i + 1] = pair.substring(split + 1);
            }
            query(connection, "SELECT subject_key, subject FROM tutka_identity_vault WHERE (subject_key, subject) IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?)")) + ")",
                    rs -> held.add(pair(rs.getString(1), rs.getString(2))), parameters);
        }
        return held;
    }

    /**
     * One insert an entry; an entry another transaction stored meanwhile fails alone (H2 undoes the statement, not
     * the transaction) and is left as it is.
     */
    private static int insertH2(Connection connection, List<Sealed> entries) throws SQLException {
        int stored = 0;
        for (Sealed entry : entries) {
            try {
                stored += update(connection, INSERT, entry.subjectKey(), entry.subject(), entry.area(), entry.nonce(),
                        entry.ciphertext());
            } catch (SQLException e) {
                if (!DUPLICATE_KEY.equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
        return stored;
    }

    /** One batch; an entry another transaction stored meanwhile is skipped by the database. */
    private static int insertPostgresql(Connection connection, List<Sealed> entries) throws SQLException {
        if (entries.isEmpty()) {
            return 0;
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT
                + " ON CONFLICT (subject_key, subject) DO NOTHING")) {
            for (Sealed entry : entries) {
                JdbcDatabase.bind(statement, entry.subjectKey(), entry.subject(), entry.area(), entry.nonce(),
                        entry.ciphertext());
                statement.addBatch();
            }
            int stored = 0;
            for (int count : statement.executeBatch()) {
                stored += Math.max(count, 0);
            }
            return stored;
        }
    }

    // ---- input checks

    private static void check(VaultEntry entry) {
        requireText("subject key", entry.subjectKey());
        requireText("subject", entry.subject());
        requireText("area", entry.area());
    }

    /** Not too long, and never an identity code: key ids, pseudonyms and areas are stored in the clear. */
    private static void requireText(String name, String value) {
        JdbcDatabase.requireText(name, value, MAX_TEXT, "the identity vault", "which the identity vault stores "
                + "only encrypted: give the pseudonym");
    }
}
