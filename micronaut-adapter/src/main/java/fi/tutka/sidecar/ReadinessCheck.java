package fi.tutka.sidecar;

import fi.tutka.spi.IdentityVault;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness ({@code /health/readiness}): up only when the rules are compiled and the allocation ledger, the identity
 * vault and the record sink answer. Each check is a real read: the ledger's chain head, a vault lookup of a pseudonym
 * no client has, the sink's file being writable. A failure shows as {@code DOWN} with the store's name; why is in the
 * log (once per change), not in the answer, which anyone may read.
 */
@Singleton
@Readiness
final class ReadinessCheck extends AbstractHealthIndicator<Map<String, String>> {
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessCheck.class);
    /** A pseudonym no client has (not 64 hex characters), for reading the vault. */
    private static final String PROBE_SUBJECT = "readiness-probe";

    private final Engine engine;
    private volatile String lastFailure = "";

    ReadinessCheck(Engine engine) {
        this.engine = engine;
    }

    @Override
    protected String getName() {
        return "tutka";
    }

    @Override
    protected Map<String, String> getHealthInformation() {
        Map<String, String> details = new LinkedHashMap<>();
        if (!engine.ready()) {
            details.put("rules", "compiling");
            healthStatus = HealthStatus.DOWN;
            return details;
        }
        StringBuilder failures = new StringBuilder();
        details.put("rules", engine.tutka().ruleCount() + " rules, version " + engine.tutka().rulesetVersion());
        details.put("ledger", probe("ledger", () -> engine.ledger().head(), failures));
        details.put("vault", probe("vault", () -> {
            IdentityVault vault = engine.vault();
            vault.identityCode("readiness", PROBE_SUBJECT);
        }, failures));
        details.put("sink", probe("sink", () -> {
            if (!engine.sinkWritable()) {
                throw new IllegalStateException("the record file is not writable");
            }
        }, failures));
        String failure = failures.toString();
        if (!failure.equals(lastFailure)) {
            if (failure.isEmpty()) {
                LOG.info("ready: the ledger, vault and sink answer again");
            } else {
                LOG.warn("not ready: {}", failure);
            }
            lastFailure = failure;
        }
        healthStatus = failure.isEmpty() ? HealthStatus.UP : HealthStatus.DOWN;
        return details;
    }

    private static String probe(String name, Runnable check, StringBuilder failures) {
        try {
            check.run();
            return "reachable";
        } catch (RuntimeException e) {
            failures.append(failures.length() == 0 ? "" : "; ").append(name).append(": ")
                    .append(Problems.safe(e.getMessage()));
            return "unreachable";
        }
    }
}
