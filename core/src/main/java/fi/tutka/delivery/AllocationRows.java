package fi.tutka.delivery;

import fi.tutka.internal.Periods;
import fi.tutka.spi.Allocation;
import fi.tutka.spi.AllocationStore;
import fi.tutka.spi.Correction;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The rows of {@code allocations.csv}: the ledger's allocations whose deciding area is the delivery's and whose
 * decision's Helsinki date falls in the half-year, and the corrections made in the half-year (Helsinki date) to
 * allocations of the area, in chain order. A correction's reason and actor are not delivered: free text and a
 * person's name are not research data.
 */
final class AllocationRows {
    /** Receives each row with its subject. */
    interface Sink {
        void row(List<String> cells, String subject, String subjectKey);
    }

    /** Allocations per trial and arm, and corrections per trial, over the delivered rows. */
    static final class Counts {
        final SortedMap<String, SortedMap<String, Long>> arms = new TreeMap<>();
        final SortedMap<String, Long> corrections = new TreeMap<>();
        long rows;
    }

    private AllocationRows() {
    }

    static Counts write(AllocationStore store, String area, LocalDate first, LocalDate last, Sink sink) {
        Counts counts = new Counts();
        store.forEachEntry(entry -> {
            if (entry instanceof Allocation a) {
                if (a.area().equals(area) && within(a.decisionLocalDate(), first, last)) {
                    sink.row(row(a, a.position(), "allocation", a.decisionLocalDate(), "", a.entryHash()),
                            a.subject(), a.subjectKey());
                    counts.arms.computeIfAbsent(a.trialId(), id -> new TreeMap<>()).merge(a.arm(), 1L, Long::sum);
                    counts.rows++;
                }
            } else if (entry instanceof Correction c) {
                LocalDate date = Periods.helsinkiDate(c.at());
                Optional<Allocation> corrected = within(date, first, last) ? store.allocations(c.subject()).stream()
                        .filter(a -> a.trialId().equals(c.trialId()) && a.area().equals(area)).findFirst()
                        : Optional.empty();
                corrected.ifPresent(a -> {
                    sink.row(row(a, c.position(), "correction", date, c.kind().name().toLowerCase(Locale.ROOT),
                            c.entryHash()), a.subject(), a.subjectKey());
                    counts.corrections.merge(a.trialId(), 1L, Long::sum);
                    counts.rows++;
                });
            }
        });
        return counts;
    }

    /** A row in the codebook's column order: an allocation's, or a correction's of allocation {@code a}. */
    private static List<String> row(Allocation a, long position, String entry, LocalDate date, String correction,
            String entryHash) {
        return List.of(Long.toString(position), entry, date.toString(), a.trialId(), a.trialVersion(),
                a.protocolFingerprint(), a.method(), a.subject(), a.subjectKey(), a.area(), a.stratum(),
                Long.toString(a.sequence()), a.arm(), a.decisionLocalDate().toString(), a.rulesetVersion(),
                correction, entryHash);
    }

    private static boolean within(LocalDate date, LocalDate first, LocalDate last) {
        return !date.isBefore(first) && !date.isAfter(last);
    }
}
