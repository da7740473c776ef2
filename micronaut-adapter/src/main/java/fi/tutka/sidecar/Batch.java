package fi.tutka.sidecar;

import fi.tutka.api.DecisionResult;
import java.util.List;

/**
 * The answer to a batch: each item's result in the order sent, an outcome or the item's field errors.
 *
 * @param accepted how many items were accepted, their records durable
 * @param rejected how many were rejected, nothing written for them
 * @param results  one per item, in the order sent
 */
public record Batch(int accepted, int rejected, List<DecisionResult> results) {
    public Batch {
        results = List.copyOf(results);
    }
}
