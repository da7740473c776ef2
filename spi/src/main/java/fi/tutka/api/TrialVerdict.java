package fi.tutka.api;

import java.util.List;

/**
 * What one trial concluded about a decision.
 *
 * @param trialId       the trial
 * @param eligible      whether the client met every eligibility criterion on this decision (false when the trial
 *                      was not recruiting on the decision's date)
 * @param criteriaMet   eligibility rules that held, by rule name (both lists are empty when not recruiting)
 * @param criteriaUnmet eligibility rules that did not hold, by rule name
 * @param arm           the client's arm, or null when the client is not (or no longer) allocated
 * @param allocatedNow  whether this decision randomised the client
 * @param complies      whether the decision fits the client's arm (true when the client has no arm)
 * @param verdict       {@code ALLOW}, or the arm's enforcement ({@code FLAG} or {@code BLOCK}) when it does not comply
 * @param message       what happened, in words a caseworker understands
 */
public record TrialVerdict(
        String trialId,
        boolean eligible,
        List<String> criteriaMet,
        List<String> criteriaUnmet,
        String arm,
        boolean allocatedNow,
        boolean complies,
        Verdict verdict,
        String message) {

    public TrialVerdict {
        criteriaMet = List.copyOf(criteriaMet);
        criteriaUnmet = List.copyOf(criteriaUnmet);
    }
}
