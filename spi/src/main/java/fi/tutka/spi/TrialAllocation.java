package fi.tutka.spi;

import java.time.LocalDate;

/**
 * Data of a {@code fi.tutka.trial-allocation.v1} record: one client randomised in one trial, written once, when the
 * allocation is made. The ledger entry it copies is the truth; this record carries it to the delivery.
 *
 * @param schemaVersion       version of this data's schema
 * @param rulesetVersion      version of the rules that evaluated eligibility
 * @param engineVersion       version of the engine
 * @param area                the area whose decision led to the allocation
 * @param subjectKey          id of the key that made the record's subject
 * @param period              half-year of the decision's Helsinki date
 * @param trialId             the trial
 * @param trialVersion        the trial definition's version
 * @param protocolFingerprint SHA-256 (hex) of the trial definition and its eligibility rules
 * @param method              {@code keyed-hash-v1} or {@code permuted-blocks-v1}
 * @param stratum             the stratum, {@code ""} when the trial is not stratified
 * @param sequence            the allocation's number within its trial and stratum, from 0
 * @param arm                 the arm
 * @param decisionLocalDate   Helsinki date of the decision that made the client eligible
 * @param snapshotHash        SHA-256 (hex) of the client snapshot eligibility was evaluated on
 * @param ledgerPosition      the allocation's position in the ledger
 * @param ledgerEntryHash     the ledger entry's hash
 */
public record TrialAllocation(
        String schemaVersion,
        String rulesetVersion,
        String engineVersion,
        String area,
        String subjectKey,
        String period,
        String trialId,
        String trialVersion,
        String protocolFingerprint,
        String method,
        String stratum,
        long sequence,
        String arm,
        LocalDate decisionLocalDate,
        String snapshotHash,
        long ledgerPosition,
        String ledgerEntryHash) implements RecordData {

    /** The CloudEvents type of these records. */
    public static final String TYPE = "fi.tutka.trial-allocation.v1";
    /** The version of this data's JSON Schema. */
    public static final String SCHEMA_VERSION = "1.0";
}
