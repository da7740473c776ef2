package fi.tutka.ledger;

import fi.tutka.internal.Sha256;
import fi.tutka.spi.Allocation;
import fi.tutka.spi.Correction;
import fi.tutka.spi.LedgerEntry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The canonical form of a ledger entry and its SHA-256, exactly as docs/ledger.md publishes them so that anyone can
 * check an exported ledger: {@code name=value} lines in a fixed order, each ending in a line feed, starting with the
 * previous entry's hash and the entry's position and kind.
 */
public final class EntryHash {
    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);
    /** The kind line of an allocation; corrections use their {@link Correction.Kind} name. */
    public static final String ALLOCATION = "ALLOCATION";

    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private EntryHash() {
    }

    /** The entry's hash when {@code previousHash} is the hash of the entry before it. */
    public static String of(String previousHash, LedgerEntry entry) {
        return Sha256.hex(canonical(previousHash, entry));
    }

    /** The text that is hashed (UTF-8). */
    public static String canonical(String previousHash, LedgerEntry entry) {
        Lines lines = new Lines().add("previous_hash", previousHash).add("position", entry.position());
        if (entry instanceof Allocation a) {
            return lines.add("kind", ALLOCATION)
                    .add("trial_id", a.trialId())
                    .add("trial_version", a.trialVersion())
                    .add("protocol_fingerprint", a.protocolFingerprint())
                    .add("method", a.method())
                    .add("subject", a.subject())
                    .add("subject_key", a.subjectKey())
                    .add("area", a.area())
                    .add("stratum", a.stratum())
                    .add("sequence_number", a.sequence())
                    .add("arm", a.arm())
                    .add("decision_id", a.decisionId())
                    .add("decision_local_date", a.decisionLocalDate().toString())
                    .add("snapshot_hash", a.snapshotHash())
                    .add("ruleset_version", a.rulesetVersion())
                    .add("allocated_at", instant(a.allocatedAt()))
                    .toString();
        }
        Correction c = (Correction) entry;
        return lines.add("kind", c.kind().name())
                .add("trial_id", c.trialId())
                .add("subject", c.subject())
                .add("reason", c.reason())
                .add("actor", c.actor())
                .add("corrected_at", instant(c.at()))
                .toString();
    }

    /**
     * The ledger keeps instants to the microsecond, as PostgreSQL does; finer digits would not survive a round trip
     * and the hash would no longer match.
     */
    public static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** RFC 3339 in UTC, always six fraction digits: {@code 2026-03-02T08:15:30.250000Z}. */
    static String instant(Instant instant) {
        return INSTANT.format(stored(instant));
    }

    private static final class Lines {
        private final StringBuilder text = new StringBuilder(512);

        Lines add(String name, long value) {
            text.append(name).append('=').append(value).append('\n');
            return this;
        }

        // Backslash, line feed and carriage return are escaped so that no value can pass for another line.
        Lines add(String name, String value) {
            text.append(name).append('=');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> text.append("\\\\");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    default -> text.append(c);
                }
            }
            text.append('\n');
            return this;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
