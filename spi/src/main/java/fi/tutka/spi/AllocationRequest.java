package fi.tutka.spi;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/**
 * What the engine asks the ledger to allocate; the ledger adds the sequence number, the arm, the position and the
 * hash.
 *
 * @param exclusiveWith trials that may not hold the same client: if the subject holds a live allocation (not
 *                      corrected away) in any of them, nothing is allocated
 * @param targetSize    when not null, no allocation is made once the trial holds this many allocations
 */
public record AllocationRequest(
        String trialId,
        String trialVersion,
        String protocolFingerprint,
        String method,
        String subject,
        String subjectKey,
        String area,
        String stratum,
        String decisionId,
        LocalDate decisionLocalDate,
        String snapshotHash,
        String rulesetVersion,
        Instant allocatedAt,
        Set<String> exclusiveWith,
        Integer targetSize) {

    public AllocationRequest {
        exclusiveWith = Set.copyOf(exclusiveWith);
    }
}
