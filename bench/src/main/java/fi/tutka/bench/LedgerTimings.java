package fi.tutka.bench;

import fi.tutka.providers.JdbcAllocationStore;
import fi.tutka.spi.AllocationRequest;
import fi.tutka.spi.ArmPicker;
import fi.tutka.spi.LedgerCheck;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;

/**
 * Time per ledger operation on one thread, warm, on the ledger at a JDBC URL: a new allocation, a subject's lookup
 * (what every decision in a trial's area and dates costs), an allocate that finds the existing allocation, and a
 * full {@code verify()}. Each run uses new trial ids, so it can run again on the same database.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar fi.tutka.bench.LedgerTimings jdbc:h2:mem:t [user]   # password: TUTKA_ALLOCATIONS_PASSWORD
 * </pre>
 */
public final class LedgerTimings {
    private static final ArmPicker ALTERNATE = sequence -> sequence % 2 == 0 ? "treatment" : "control";
    private static final int N = 2_000;

    private LedgerTimings() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: LedgerTimings JDBC_URL [USER]   (password from TUTKA_ALLOCATIONS_PASSWORD)");
            System.exit(2);
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (JdbcAllocationStore store = JdbcAllocationStore.open(args[0], args.length > 1 ? args[1] : null,
                System.getenv("TUTKA_ALLOCATIONS_PASSWORD"))) {
            for (int i = 0; i < N; i++) {
                store.allocate(request("warm-up-" + run, subject(i)), ALTERNATE);
                store.allocations(subject(i));
            }
            long start = System.nanoTime();
            for (int i = 0; i < N; i++) {
                store.allocate(request("timed-" + run, subject(i)), ALTERNATE);
            }
            long allocate = System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < N; i++) {
                store.allocations(subject(N + i));
            }
            long lookup = System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < N; i++) {
                store.allocate(request("timed-" + run, subject(i)), ALTERNATE);
            }
            long existing = System.nanoTime() - start;
            start = System.nanoTime();
            LedgerCheck check = store.verify();
            long verify = System.nanoTime() - start;
            System.out.printf("%s%n  allocate (new)          %.3f ms%n  allocations(subject)    %.3f ms%n"
                    + "  allocate (existing)     %.3f ms%n  verify() of %,d entries  %.0f ms (%s)%n", store.url(),
                    allocate / 1e6 / N, lookup / 1e6 / N, existing / 1e6 / N, check.entries(), verify / 1e6,
                    check.intact() ? "intact" : check.problems().size() + " problems");
        }
    }

    private static AllocationRequest request(String trial, String subject) {
        return new AllocationRequest(trial, "1", "f".repeat(64), "keyed-hash-v1", subject, "bench-key", "179", "",
                "D-" + subject.substring(0, 8), LocalDate.of(2026, 9, 1), "e".repeat(64), "bench",
                Instant.parse("2026-09-01T07:00:00Z"), Set.of(), null);
    }

    private static String subject(int n) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("subject-" + n).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
