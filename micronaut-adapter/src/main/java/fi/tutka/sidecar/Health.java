package fi.tutka.sidecar;

import io.micronaut.core.annotation.Nullable;
import java.util.Map;

/**
 * The answer of {@code /health/readiness}: {@code UP} or {@code DOWN}, and what was checked: {@code rules} (count and
 * version, or {@code loading}), {@code ledger}, {@code vault} and {@code sink}, each {@code reachable} or
 * {@code unreachable}.
 *
 * @param status {@code UP} or {@code DOWN}
 * @param checks each check by name, in the order made; none for liveness
 */
record Health(String status, @Nullable Map<String, String> checks) {
    static final String UP = "UP";
    static final String DOWN = "DOWN";

    boolean up() {
        return status.equals(UP);
    }
}
