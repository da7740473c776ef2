package fi.tutka.api;

import java.util.List;
import java.util.SortedMap;

/**
 * What the engine concluded about one accepted decision.
 *
 * @param decisionId     the decision's id
 * @param verdict        allow, flag or block: the strictest of the trials' verdicts
 * @param message        why the decision is flagged or blocked, for the caseworker; empty when allowed
 * @param subject        the client's pseudonym
 * @param subjectKey     id of the key that made the pseudonym
 * @param tags           research tags, sorted by name ({@code service_class -> PAY_SUBSIDY_50})
 * @param qualityFlags   data-quality flags carried by the records, sorted
 * @param warnings       semantic gaps the caller should know of
 * @param firedRules     names of the rules that fired, in firing order
 * @param trials         one verdict per trial open in the decision's area on its date, by trial id
 * @param rulesetVersion version of the rules that made this outcome
 * @param recordIds      ids of the records written for this decision (none for a blocked decision's service
 *                       event; a new allocation's record is always written)
 */
public record Outcome(
        String decisionId,
        Verdict verdict,
        String message,
        String subject,
        String subjectKey,
        SortedMap<String, String> tags,
        List<String> qualityFlags,
        List<Warning> warnings,
        List<String> firedRules,
        List<TrialVerdict> trials,
        String rulesetVersion,
        List<String> recordIds) {
}
