package fi.tutka.spi;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One client's randomisation in one trial, as the ledger holds it. Never changed once written; a correction is a
 * later ledger entry of its own.
 *
 * @param trialId             the trial
 * @param trialVersion        the trial definition's version when the client was allocated
 * @param protocolFingerprint SHA-256 (hex) of the trial definition and its eligibility rules at allocation
 * @param method              {@code keyed-hash-v1} or {@code permuted-blocks-v1}
 * @param subject             the client's pseudonym
 * @param subjectKey          id of the key that made the pseudonym
 * @param area                the area whose decision led to the allocation
 * @param stratum             the stratum ({@code 179/55-59}), or {@code ""} for an unstratified trial
 * @param sequence            the allocation's number within its trial and stratum, from 0
 * @param arm                 the arm's name
 * @param decisionId          the decision that made the client eligible
 * @param decisionLocalDate   that decision's Helsinki date
 * @param snapshotHash        SHA-256 (hex) of the client snapshot eligibility was evaluated on
 * @param rulesetVersion      the ruleset version that evaluated eligibility
 * @param allocatedAt         when the allocation was made
 * @param position            the ledger entry's position in the chain, from 1
 * @param entryHash           the ledger entry's SHA-256 (hex), which chains to the entry before it
 */
public record Allocation(
        String trialId,
        String trialVersion,
        String protocolFingerprint,
        String method,
        String subject,
        String subjectKey,
        String area,
        String stratum,
        long sequence,
        String arm,
        String decisionId,
        LocalDate decisionLocalDate,
        String snapshotHash,
        String rulesetVersion,
        Instant allocatedAt,
        long position,
        String entryHash) implements LedgerEntry {
}
