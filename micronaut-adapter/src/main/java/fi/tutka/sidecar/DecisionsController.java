package fi.tutka.sidecar;

import fi.tutka.api.DecisionResult;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.FieldError;
import fi.tutka.api.Outcome;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TutkaException;
import fi.tutka.codec.TutkaJson;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/decisions} and {@code POST /v1/decisions/batch}: the engine's {@code evaluate} and
 * {@code evaluateAll}, read and written with the engine's own codec, so the answers are the embedded library's bytes.
 * They run on the blocking executor: an answer waits for its records' fsync.
 */
@Controller("/v1/decisions")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "decisions")
final class DecisionsController {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionsController.class);

    private final Engine engine;
    private final SidecarMetrics metrics;
    private final HttpConfig config;

    DecisionsController(Engine engine, SidecarMetrics metrics, HttpConfig config) {
        this.engine = engine;
        this.metrics = metrics;
        this.config = config;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Evaluates one decision",
            description = "Validates the decision, pseudonymises the client, runs the rules and trials, and answers "
                    + "once its records are durable. A bad decision is a 400 naming every offending field; 503 means "
                    + "the decision was not evaluated: send it again.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ServiceDecision.class)))
    @ApiResponse(responseCode = "200", description = "The outcome; its records are durable",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Outcome.class)))
    @ApiResponse(responseCode = "400", description = "The decision is structurally wrong; nothing was written",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "Records or ledger unavailable; not evaluated, retry",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<String> evaluate(@Nullable @Body byte[] body) {
        long start = System.nanoTime();
        ServiceDecision decision;
        try {
            decision = TutkaJson.readDecision(Bodies.utf8(body).orElseThrow(() -> TutkaException.invalidDecision(
                    List.of(new FieldError("", Bodies.NOT_UTF8)))));
        } catch (TutkaException e) {
            return rejected(e);
        }
        Outcome outcome;
        try {
            outcome = engine.tutka().evaluate(decision);
        } catch (TutkaException e) {
            if (e.code() == ErrorCode.INVALID_DECISION) {
                return rejected(e);
            }
            throw e;
        }
        metrics.evaluated(outcome, System.nanoTime() - start);
        return HttpResponse.ok(TutkaJson.write(outcome)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    @Post(uri = "/batch", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Evaluates many decisions with one durable write",
            description = "The body is a JSON array of decisions. Each item is answered on its own, in order: its "
                    + "outcome, its field errors, or (a rule failed on it) its problem; a bad item never fails the "
                    + "others. The answer comes once every accepted item's records are durable.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            array = @ArraySchema(schema = @Schema(implementation = ServiceDecision.class))))
    @ApiResponse(responseCode = "200", description = "One result per item",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Batch.class)))
    @ApiResponse(responseCode = "400", description = "The body is not a JSON array",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "More items than tutka.http.batch-max",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "Records or ledger unavailable; nothing evaluated, retry",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<String> evaluateAll(@Nullable @Body byte[] body) {
        long start = System.nanoTime();
        Optional<String> text = Bodies.utf8(body);
        if (text.isEmpty()) {
            metrics.rejected("not_utf8");
            return Problems.response(Problems.invalidRequest("the body must be a JSON array of decisions in UTF-8",
                    List.of(new FieldError("", Bodies.NOT_UTF8))));
        }
        Optional<List<String>> items = BatchItems.split(text.get());
        if (items.isEmpty()) {
            metrics.rejected("not_array");
            return Problems.response(Problems.invalidRequest("the body must be a JSON array of decisions",
                    List.of(new FieldError("", "must be a JSON array"))));
        }
        int count = items.get().size();
        if (count > config.getBatchMax()) {
            metrics.rejected("too_large");
            return Problems.response(Problems.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "too-large", "Too large",
                    "the batch holds " + count + " decisions; send at most " + config.getBatchMax()
                            + " a request (tutka.http.batch-max)"));
        }
        Batch.Item[] results = new Batch.Item[count];
        List<ServiceDecision> decisions = new ArrayList<>(count);
        List<Integer> positions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            try {
                decisions.add(TutkaJson.readDecision(items.get().get(i)));
                positions.add(i);
            } catch (TutkaException e) {
                if (e.code() != ErrorCode.INVALID_DECISION) {
                    throw e;
                }
                metrics.rejected(e.fieldErrors());
                results[i] = Batch.Item.of(DecisionResult.rejected(e.fieldErrors()));
            }
        }
        int[] failed = {0};
        List<DecisionResult> evaluated = decisions.isEmpty() ? List.of()
                : engine.tutka().evaluateAll(decisions, (index, e) -> {
                    int item = positions.get(index);
                    LOG.error("POST /v1/decisions/batch item {} failed: {}", item, Problems.safe(e.getMessage()));
                    results[item] = Batch.Item.failed(Problems.of(e));
                    failed[0]++;
                });
        long nanos = System.nanoTime() - start;
        int accepted = 0;
        for (int i = 0; i < evaluated.size(); i++) {
            DecisionResult result = evaluated.get(i);
            if (result == null) {
                continue; // failed in its rules: answered above
            }
            results[positions.get(i)] = Batch.Item.of(result);
            if (result.isAccepted()) {
                accepted++;
                metrics.evaluated(result.outcome(), nanos);
            } else {
                metrics.rejected(result.errors());
            }
        }
        return HttpResponse.ok(TutkaJson.write(new Batch(accepted, count - accepted - failed[0], failed[0],
                List.of(results)))).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private HttpResponse<String> rejected(TutkaException e) {
        metrics.rejected(e.fieldErrors());
        return Problems.response(Problems.of(e));
    }
}
