package fi.tutka.sidecar;

import fi.tutka.spi.Allocation;
import fi.tutka.spi.Correction;
import java.util.List;

/**
 * A client's entries in the allocation ledger, by pseudonym.
 *
 * @param subject     the pseudonym asked for
 * @param allocations its allocations in every trial, in ledger order
 * @param corrections its corrections in every trial, in ledger order
 */
public record SubjectAllocations(String subject, List<Allocation> allocations, List<Correction> corrections) {
    public SubjectAllocations {
        allocations = List.copyOf(allocations);
        corrections = List.copyOf(corrections);
    }
}
