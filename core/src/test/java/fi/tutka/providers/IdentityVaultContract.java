package fi.tutka.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.internal.IdentityCode;
import fi.tutka.internal.Pseudonymizer;
import fi.tutka.spi.HmacKey;
import fi.tutka.spi.VaultEntry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every database behind {@link JdbcIdentityVault} must do: each subclass hands a fresh, empty database to every
 * test. Identity codes use individual numbers 900-999 only.
 */
abstract class IdentityVaultContract {
    static final HmacKey KEY = new HmacKey("179-20260105-ab12cd34", bytes(7));
    static final HmacKey OTHER_KEY = new HmacKey("837-20260105-0badf00d", bytes(11));
    static final StaticKeyProvider KEYS = StaticKeyProvider.of(KEY, OTHER_KEY);

    JdbcIdentityVault vault;
    Database database;
    final List<AutoCloseable> toClose = new ArrayList<>();

    /**
     * A fresh, empty database.
     *
     * @param drop run after the test, the vaults closed
     */
    record Database(String url, String user, String password, AutoCloseable drop) {
    }

    /** A fresh, empty database for this test; called before each test. */
    abstract Database database() throws Exception;

    String url() {
        return database.url();
    }

    @BeforeEach
    void openVault() throws Exception {
        database = database();
        vault = open(KEYS);
    }

    @AfterEach
    void closeVaults() throws Exception {
        if (database == null) {
            return; // the test was skipped before a database was prepared
        }
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        database.drop().close();
    }

    /** Another vault on the same database, closed after the test. */
    JdbcIdentityVault open(StaticKeyProvider keys) {
        JdbcIdentityVault opened = JdbcIdentityVault.open(url(), database.user(), database.password(), keys);
        toClose.add(opened);
        return opened;
    }

    static byte[] bytes(int seed) {
        byte[] secret = new byte[32];
        new Random(seed).nextBytes(secret);
        return secret;
    }

    /** A valid temporary identity code (individual number 900-999), a different one for every n below 36,500. */
    static String identityCode(int n) {
        LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(n / 100 * 7 + n % 7);
        int individual = 900 + n % 100;
        char sign = n % 2 == 0 ? '-' : 'Y';
        return String.format("%02d%02d%02d%c%03d%c", birth.getDayOfMonth(), birth.getMonthValue(),
                birth.getYear() % 100, sign, individual, IdentityCode.checkCharacter(birth, individual));
    }

    /** The entry the engine would make for identity code {@code n} under {@code key}. */
    static VaultEntry entry(HmacKey key, int n) {
        String code = identityCode(n);
        return new VaultEntry(key.id().substring(0, 3), key.id(), new Pseudonymizer(key).hex(code), code);
    }

    static VaultEntry entry(int n) {
        return entry(KEY, n);
    }

    Connection raw() throws SQLException {
        return DriverManager.getConnection(url(), database.user(), database.password());
    }

    long rows() throws SQLException {
        try (Connection connection = raw(); Statement sql = connection.createStatement();
                ResultSet rs = sql.executeQuery("SELECT COUNT(*) FROM tutka_identity_vault")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    record Row(String subjectKey, String subject, String area, byte[] nonce, byte[] ciphertext) {
    }

    List<Row> table() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection connection = raw(); Statement sql = connection.createStatement();
                ResultSet rs = sql.executeQuery("SELECT subject_key, subject, area, nonce, ciphertext "
                        + "FROM tutka_identity_vault ORDER BY subject_key, subject")) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getBytes(5)));
            }
        }
        return rows;
    }

    void sql(String statement, Object... parameters) throws SQLException {
        try (Connection connection = raw(); PreparedStatement sql = connection.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                sql.setObject(i + 1, parameters[i]);
            }
            sql.executeUpdate();
        }
    }

    // ---- remembering and reading

    @Test
    void givesBackTheIdentityCodeBehindEachPseudonym() {
        List<VaultEntry> entries = List.of(entry(1), entry(2), entry(OTHER_KEY, 3));

        vault.remember(entries);

        for (VaultEntry entry : entries) {
            assertThat(vault.identityCode(entry.subjectKey(), entry.subject())).contains(entry.identityCode());
            // another instance reads the database, not a cache
            assertThat(open(KEYS).identityCode(entry.subjectKey(), entry.subject())).contains(entry.identityCode());
        }
        assertThat(vault.identityCode(KEY.id(), entry(4).subject())).isEmpty();
        assertThat(vault.identityCode(OTHER_KEY.id(), entry(1).subject())).isEmpty();
        vault.remember(List.of());
    }

    @Test
    void rememberingAgainLeavesTheEntryAsItIs() throws SQLException {
        vault.remember(List.of(entry(1), entry(2)));
        List<Row> before = table();

        vault.remember(List.of(entry(1), entry(2), entry(1)));
        open(KEYS).remember(List.of(entry(2), entry(1)));
        // Even a different code under the same pseudonym does not replace what is held.
        VaultEntry first = entry(1);
        open(KEYS).remember(List.of(new VaultEntry("179", first.subjectKey(), first.subject(), identityCode(9))));

        List<Row> after = table();
        assertThat(after).hasSize(2);
        for (int i = 0; i < after.size(); i++) {
            assertThat(after.get(i).nonce()).isEqualTo(before.get(i).nonce());
            assertThat(after.get(i).ciphertext()).isEqualTo(before.get(i).ciphertext());
        }
        assertThat(vault.identityCode(first.subjectKey(), first.subject())).contains(first.identityCode());
    }

    @Test
    void theTableHoldsNoIdentityCodeAndEveryRowItsOwnNonceAndCiphertext() throws SQLException {
        List<VaultEntry> entries = new ArrayList<>();
        for (int n = 0; n < 50; n++) {
            entries.add(entry(n));
        }
        // the same identity code under another key: another pseudonym, another ciphertext
        entries.add(entry(OTHER_KEY, 0));
        vault.remember(entries);

        List<Row> rows = table();
        assertThat(rows).hasSize(51);
        Set<String> nonces = new HashSet<>();
        Set<String> ciphertexts = new HashSet<>();
        for (Row row : rows) {
            assertThat(row.nonce()).hasSize(12);
            assertThat(row.ciphertext()).hasSize(11 + 16); // the code's bytes and the GCM tag
            nonces.add(HexFormat.of().formatHex(row.nonce()));
            ciphertexts.add(HexFormat.of().formatHex(row.ciphertext()));
            String clear = row.subjectKey() + row.subject() + row.area()
                    + new String(row.nonce(), StandardCharsets.ISO_8859_1)
                    + new String(row.ciphertext(), StandardCharsets.ISO_8859_1);
            for (VaultEntry entry : entries) {
                assertThat(clear).doesNotContain(entry.identityCode());
                // nor its individual part, the bytes that distinguish two people born on one day
                byte[] individual = entry.identityCode().substring(6).getBytes(StandardCharsets.UTF_8);
                assertThat(indexOf(row.ciphertext(), individual)).isNegative();
            }
        }
        assertThat(nonces).hasSize(51);
        assertThat(ciphertexts).hasSize(51);
        assertThat(rows).extracting(Row::area).containsOnly("179", "837");
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    // ---- tampering

    @Test
    void anAlteredCiphertextDoesNotDecryptAndTheErrorNamesThePseudonymOnly() throws SQLException {
        VaultEntry entry = entry(1);
        vault.remember(List.of(entry));
        byte[] altered = table().get(0).ciphertext();
        altered[3] ^= 1;
        sql("UPDATE tutka_identity_vault SET ciphertext = ? WHERE subject = ?", altered, entry.subject());

        TutkaException e = catchThrowableOfType(TutkaException.class,
                () -> vault.identityCode(entry.subjectKey(), entry.subject()));

        assertThat(e.code()).isEqualTo(ErrorCode.IO);
        assertThat(e).hasMessage("IO: identity vault at " + vault.url() + ": the entry of subject " + entry.subject()
                + " (key " + entry.subjectKey() + ") does not decrypt: it was altered, moved from another subject's "
                + "row, or encrypted under another key of that id");
        assertNoIdentityCode(e, entry);
    }

    @Test
    void anEntryMovedToAnotherPseudonymDoesNotDecrypt() throws SQLException {
        VaultEntry one = entry(1);
        VaultEntry two = entry(2);
        vault.remember(List.of(one, two));
        Row first = table().stream().filter(row -> row.subject().equals(one.subject())).findFirst().orElseThrow();
        sql("UPDATE tutka_identity_vault SET nonce = ?, ciphertext = ? WHERE subject = ?", first.nonce(),
                first.ciphertext(), two.subject());
        sql("UPDATE tutka_identity_vault SET subject_key = ? WHERE subject = ?", OTHER_KEY.id(), one.subject());

        for (VaultEntry moved : List.of(two, new VaultEntry("179", OTHER_KEY.id(), one.subject(),
                one.identityCode()))) {
            TutkaException e = catchThrowableOfType(TutkaException.class,
                    () -> open(KEYS).identityCode(moved.subjectKey(), moved.subject()));
            assertThat(e.code()).as(moved.toString()).isEqualTo(ErrorCode.IO);
            assertThat(e.getMessage()).contains("the entry of subject " + moved.subject() + " (key "
                    + moved.subjectKey() + ") does not decrypt");
            assertNoIdentityCode(e, one);
            assertNoIdentityCode(e, two);
        }
    }

    // ---- keys

    @Test
    void aKeyIdTheProviderDoesNotHoldStoresNothingAndIsNamed() throws SQLException {
        VaultEntry known = entry(1);
        VaultEntry stranger = new VaultEntry("179", "179-20250101-deadbeef", known.subject().replace('a', 'b'),
                identityCode(2));

        TutkaException e = catchThrowableOfType(TutkaException.class,
                () -> vault.remember(List.of(known, stranger)));

        assertThat(e.code()).isEqualTo(ErrorCode.KEY_UNAVAILABLE);
        assertThat(e).hasMessage("KEY_UNAVAILABLE: the key provider holds no key '179-20250101-deadbeef': the "
                + "identity vault encrypts the identity codes behind that key's pseudonyms under it. Give the key file "
                + "that holds it");
        assertNoIdentityCode(e, known);
        assertNoIdentityCode(e, stranger);
        assertThat(rows()).isZero();
        assertThat(vault.identityCode(known.subjectKey(), known.subject())).isEmpty();
    }

    @Test
    void readingWithoutTheKeyOrWithAnotherKeyOfTheSameIdFails() {
        VaultEntry entry = entry(1);
        vault.remember(List.of(entry));

        TutkaException missing = catchThrowableOfType(TutkaException.class,
                () -> open(StaticKeyProvider.of(OTHER_KEY)).identityCode(entry.subjectKey(), entry.subject()));
        assertThat(missing.code()).isEqualTo(ErrorCode.KEY_UNAVAILABLE);
        assertThat(missing.getMessage()).contains("no key '" + KEY.id() + "'");

        TutkaException impostor = catchThrowableOfType(TutkaException.class,
                () -> open(StaticKeyProvider.of(new HmacKey(KEY.id(), bytes(99)))).identityCode(entry.subjectKey(),
                        entry.subject()));
        assertThat(impostor.code()).isEqualTo(ErrorCode.IO);
        assertThat(impostor.getMessage()).contains("does not decrypt");
        assertNoIdentityCode(missing, entry);
        assertNoIdentityCode(impostor, entry);
    }

    // ---- concurrency and the memory of recent entries

    @Test
    void fourThreadsRememberingOverlappingEntriesLeaveExactlyOneRowEach() throws Exception {
        int clients = 120;
        int threads = 4;
        // Each thread has its own vault, so no cache hides the database's races, and sends overlapping batches in
        // its own order.
        List<JdbcIdentityVault> vaults = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            vaults.add(open(KEYS));
        }
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    List<VaultEntry> mine = new ArrayList<>();
                    IntStream.range(thread * 20, thread * 20 + 60).forEach(n -> mine.add(entry(n % clients)));
                    Collections.shuffle(mine, new Random(thread));
                    start.await();
                    for (int from = 0; from < mine.size(); from += 7) {
                        vaults.get(thread).remember(mine.subList(from, Math.min(mine.size(), from + 7)));
                    }
                    vaults.get(thread).remember(List.of(entry(0), entry(clients - 1)));
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Integer> perPair = new TreeMap<>();
        for (Row row : table()) {
            perPair.merge(row.subjectKey() + "/" + row.subject(), 1, Integer::sum);
        }
        assertThat(perPair).hasSize(clients);
        assertThat(perPair.values()).containsOnly(1);
        for (int n = 0; n < clients; n++) {
            assertThat(vault.identityCode(KEY.id(), entry(n).subject())).contains(identityCode(n));
        }
    }

    @Test
    void anEntryRememberedLatelyCostsNoDatabaseRoundTrip() throws SQLException {
        VaultEntry entry = entry(1);
        vault.remember(List.of(entry));
        sql("DELETE FROM tutka_identity_vault");

        vault.remember(List.of(entry));
        assertThat(rows()).as("known from memory: the database was not asked").isZero();

        open(KEYS).remember(List.of(entry));
        assertThat(rows()).as("a new vault asks the database").isEqualTo(1);
    }

    // ---- what is never shown

    @Test
    void anIdentityCodeInAClearColumnIsRefusedWithoutRepeatingIt() throws SQLException {
        String code = identityCode(5);
        for (VaultEntry wrong : List.of(new VaultEntry("179", KEY.id(), code, code),
                new VaultEntry("179", KEY.id(), "subject-" + code + "-x", code),
                new VaultEntry(code, KEY.id(), entry(5).subject(), code))) {
            IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                    () -> vault.remember(List.of(wrong)));
            assertThat(e.getMessage()).contains("shaped like a personal identity code").doesNotContain(code);
        }
        assertThat(rows()).isZero();
        IllegalArgumentException read = catchThrowableOfType(IllegalArgumentException.class,
                () -> vault.identityCode(KEY.id(), code));
        assertThat(read.getMessage()).doesNotContain(code);
    }

    @Test
    void nothingWrittenToTheLogOrShownByAnEntryHoldsTheIdentityCode() throws Exception {
        VaultEntry entry = entry(1);
        assertThat(entry.toString()).isEqualTo("VaultEntry[area=179, subjectKey=" + KEY.id() + ", subject="
                + entry.subject() + ", identityCode=***]");
        assertThat(List.of(entry).toString()).doesNotContain(entry.identityCode());
        IllegalArgumentException blank = catchThrowableOfType(IllegalArgumentException.class,
                () -> new VaultEntry("179", KEY.id(), entry.subject(), " "));
        assertThat(blank).hasMessage("vault entry: identity code is blank");
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> new VaultEntry(null, KEY.id(), entry.subject(), entry.identityCode())))
                .hasMessage("vault entry: area is missing");

        PrintStream err = System.err;
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        List<String> messages = new ArrayList<>();
        System.setErr(capture);
        System.setOut(capture);
        try {
            JdbcIdentityVault another = open(KEYS);
            another.remember(List.of(entry, entry(2)));
            another.identityCode(entry.subjectKey(), entry.subject());
            sql("UPDATE tutka_identity_vault SET ciphertext = nonce");
            try {
                another.identityCode(entry.subjectKey(), entry.subject());
            } catch (TutkaException e) {
                messages.add(e.getMessage());
            }
            another.close();
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        String logged = captured.toString(StandardCharsets.UTF_8) + messages;
        assertThat(messages).hasSize(1);
        assertThat(logged).doesNotContain(entry.identityCode()).doesNotContain(identityCode(2));
    }

    static void assertNoIdentityCode(Throwable e, VaultEntry entry) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(entry.identityCode());
            assertThat(t.toString()).doesNotContain(entry.identityCode());
        }
    }
}
