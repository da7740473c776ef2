package fi.tutka.spi;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The trial allocation ledger: the truth about who was randomised to what. Append-only and tamper-evident: every
 * entry (allocation or correction) carries the SHA-256 of the entry before it. Implementations are thread-safe and,
 * where the storage is shared, safe across processes.
 */
public interface AllocationStore extends AutoCloseable {

    /**
     * The subject's allocations in every trial, in ledger order. Reads only; fast enough to call on every decision
     * of a client in a trial's area and period.
     */
    List<Allocation> allocations(String subject);

    /** The subject's corrections in every trial, in ledger order. */
    List<Correction> corrections(String subject);

    /**
     * Allocates the subject to the trial unless it already is: atomic, so concurrent calls for one subject and trial
     * (from any thread or process) make exactly one allocation and every caller gets that one back. A new
     * allocation's sequence number is the count of earlier allocations in its trial and stratum, and its arm is
     * {@code arms.arm(sequence)}. Exclusivity and the target size are checked in the same transaction.
     */
    AllocationOutcome allocate(AllocationRequest request, ArmPicker arms);

    /**
     * Appends a correction about an existing allocation.
     *
     * @throws IllegalArgumentException naming the trial when the subject has no allocation in it, or when the
     *                                  reason or actor is blank
     */
    Correction correct(String trialId, String subject, Correction.Kind kind, String reason, String actor, Instant at);

    /** Every allocation of a trial in ledger order, streamed without holding them all in memory. */
    void forEachAllocation(String trialId, Consumer<Allocation> consumer);

    /** Every allocation and correction in ledger order, streamed. */
    void forEachEntry(Consumer<LedgerEntry> consumer);

    /** Recomputes every entry's hash and the chain; reports each entry that was changed, removed or inserted. */
    LedgerCheck verify();

    /** The SHA-256 (hex) of the newest entry, {@code ""} when the ledger is empty. */
    String head();

    @Override
    void close();
}
