package fi.tutka.api;

import java.util.List;

/**
 * One decision's answer in a batch: an outcome when accepted, the offending fields when rejected.
 *
 * @param outcome the outcome, or null when rejected
 * @param errors  why it was rejected, empty when accepted
 */
public record DecisionResult(Outcome outcome, List<FieldError> errors) {

    public static DecisionResult accepted(Outcome outcome) {
        return new DecisionResult(outcome, List.of());
    }

    public static DecisionResult rejected(List<FieldError> errors) {
        return new DecisionResult(null, List.copyOf(errors));
    }

    public boolean isAccepted() {
        return outcome != null;
    }
}
