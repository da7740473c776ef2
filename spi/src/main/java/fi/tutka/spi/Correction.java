package fi.tutka.spi;

import java.time.Instant;

/**
 * A correction appended to the ledger about an earlier allocation, which itself stays as it was.
 *
 * @param trialId  the allocation's trial
 * @param subject  the allocation's subject
 * @param kind     what is corrected
 * @param reason   why, in words
 * @param actor    who made the correction (a user name or role, never an identity code)
 * @param at       when
 * @param position the correction's position in the chain
 * @param entryHash the correction entry's SHA-256 (hex)
 */
public record Correction(
        String trialId,
        String subject,
        Kind kind,
        String reason,
        String actor,
        Instant at,
        long position,
        String entryHash) implements LedgerEntry {

    public enum Kind {
        /** The client withdrew from the trial: the arm is no longer enforced, the allocation still counts. */
        WITHDRAWAL,
        /** The client should not have been allocated: the arm is no longer enforced. */
        ALLOCATED_IN_ERROR
    }
}
