package fi.tutka.sidecar;

import fi.tutka.api.DecisionResult;
import fi.tutka.api.FieldError;
import fi.tutka.api.Outcome;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * The answer to a batch: each item's result in the order sent, an outcome, the item's field errors, or the problem
 * that stopped its evaluation.
 *
 * @param accepted how many items were accepted, their records durable
 * @param rejected how many were rejected as structurally wrong, nothing written for them
 * @param failed   how many failed in their rules (a rule threw, or a limit stopped them), nothing written for them
 * @param results  one per item, in the order sent
 */
public record Batch(int accepted, int rejected, int failed, List<Item> results) {
    public Batch {
        results = List.copyOf(results);
    }

    /**
     * One item's answer.
     *
     * @param outcome the outcome, when accepted; null otherwise
     * @param errors  the offending fields, when rejected; empty when accepted, null when failed
     * @param problem why it was not evaluated, when failed ({@code urn:tutka:problem:rule-evaluation}); null
     *                otherwise
     */
    public record Item(@Nullable Outcome outcome, @Nullable List<FieldError> errors, @Nullable Problem problem) {
        static Item of(DecisionResult result) {
            return new Item(result.outcome(), result.errors(), null);
        }

        static Item failed(Problem problem) {
            return new Item(null, null, problem);
        }
    }
}
