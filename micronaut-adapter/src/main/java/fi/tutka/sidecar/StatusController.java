package fi.tutka.sidecar;

import io.micronaut.http.HttpResponse;
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
import java.time.Clock;

/** {@code GET /}: the status page ({@link StatusPage}). */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "status")
final class StatusController {
    /** The page's type, its charset named, since the page holds more than ASCII. */
    static final String HTML = "text/html; charset=utf-8";

    private final Engine engine;
    private final Rules rules;
    private final SidecarMetrics metrics;
    private final Clock clock;

    StatusController(Engine engine, Rules rules, SidecarMetrics metrics, Clock clock) {
        this.engine = engine;
        this.rules = rules;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Get(produces = HTML)
    @Operation(summary = "The status page",
            description = "One self-contained HTML page for the area's IT and data steward: the ruleset version "
                    + "and reload history, each trial's allocations per arm against the expected shares, and the "
                    + "evaluations by verdict and rejected inputs by reason since start.")
    @ApiResponse(responseCode = "200", description = "The page",
            content = @Content(mediaType = HTML, schema = @Schema(type = "string")))
    HttpResponse<String> page() {
        TrialStatus.Trials trials = TrialsController.status(engine, clock);
        String page = StatusPage.render(new StatusPage.Data(rules.status(), trials.trials(), trials.notLoaded(),
                metrics.evaluations(), metrics.rejections(), engine.parts().loadedAt()));
        return HttpResponse.ok(page).contentType(MediaType.of(HTML));
    }
}
