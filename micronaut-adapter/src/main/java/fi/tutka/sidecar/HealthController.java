package fi.tutka.sidecar;

import fi.tutka.codec.TutkaJson;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health/liveness}: the process answers. {@code /health/readiness} (and {@code /health}): up only when the
 * rules are loaded and the allocation ledger, the identity vault and the record sink answer, each checked by a real
 * read: the ledger's chain head, a vault lookup of a pseudonym no client has, the sink's file being writable. A
 * failure shows as {@code unreachable} with the store's name and a 503; why is in the log (once per change), not in
 * the answer, which anyone may read: health needs no token.
 */
@Controller("/health")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "health")
final class HealthController {
    private static final Logger LOG = LoggerFactory.getLogger(HealthController.class);
    /** A pseudonym no client has (not 64 hex characters), for reading the vault. */
    private static final String PROBE_SUBJECT = "readiness-probe";
    private static final String LIVE = TutkaJson.write(new Health(Health.UP, null));

    private final Engine engine;
    private volatile String lastFailure = "";

    HealthController(Engine engine) {
        this.engine = engine;
    }

    @Get(uri = "/liveness", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Whether the process answers", description = "Always UP while the service runs; a "
            + "store being down does not make it DOWN.")
    @ApiResponse(responseCode = "200", description = "UP", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Health.class)))
    HttpResponse<String> liveness() {
        return HttpResponse.ok(LIVE).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    @Get(uris = {"/readiness", "/"}, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Whether the service can evaluate decisions",
            description = "UP once the rules are loaded and the ledger, the identity vault and the record sink "
                    + "answer; the log says why a store is unreachable.")
    @ApiResponse(responseCode = "200", description = "UP, with each check",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Health.class)))
    @ApiResponse(responseCode = "503", description = "DOWN: the rules are loading or a store is unreachable",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Health.class)))
    HttpResponse<String> readiness() {
        Health health = check();
        return HttpResponse.<String>status(health.up() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(TutkaJson.write(health)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    Health check() {
        Map<String, String> checks = new LinkedHashMap<>();
        if (!engine.ready()) {
            checks.put("rules", "loading");
            return new Health(Health.DOWN, checks);
        }
        StringBuilder failures = new StringBuilder();
        checks.put("rules", engine.tutka().ruleCount() + " rules, version " + engine.tutka().rulesetVersion());
        checks.put("ledger", probe("ledger", () -> engine.ledger().head(), failures));
        checks.put("vault", probe("vault", () -> engine.vault().identityCode("readiness", PROBE_SUBJECT), failures));
        checks.put("sink", probe("sink", () -> {
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
        return new Health(failure.isEmpty() ? Health.UP : Health.DOWN, checks);
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
