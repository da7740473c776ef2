package fi.tutka.sidecar;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.codec.TutkaJson;
import fi.tutka.trials.BalanceReport;
import fi.tutka.trials.Trial;
import fi.tutka.trials.TrialDefinition;
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
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /v1/trials}: the loaded trials, each with its state today (Helsinki) and its balance. */
@Controller("/v1/trials")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "trials")
final class TrialsController {
    private static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");

    private final Engine engine;
    private final Clock clock;

    TrialsController(Engine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "The trials, their state and balance",
            description = "Every loaded trial with its state on today's Helsinki date and, per stratum and arm, its "
                    + "allocations against the expected ratio with a chi-square sample-ratio-mismatch p-value "
                    + "(as tutka trials report --json).")
    @ApiResponse(responseCode = "200", description = "The trials",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TrialStatus.Trials.class)))
    @ApiResponse(responseCode = "503", description = "The ledger could not be read",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<String> trials() {
        return HttpResponse.ok(TutkaJson.write(status(engine, clock))).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** The loaded trials with their state today (Helsinki) and their balance in the ledger; also the status page's. */
    static TrialStatus.Trials status(Engine engine, Clock clock) {
        List<Trial> loaded = engine.tutka().trials();
        BalanceReport report;
        try {
            report = BalanceReport.of(loaded, engine.ledger());
        } catch (TutkaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TutkaException(ErrorCode.LEDGER_FAILURE, "reading the allocation ledger failed: "
                    + Problems.safe(e.getMessage()), e);
        }
        LocalDate today = LocalDate.now(clock.withZone(HELSINKI));
        List<TrialStatus> trials = new ArrayList<>(loaded.size());
        for (int i = 0; i < loaded.size(); i++) {
            TrialDefinition d = loaded.get(i).definition();
            BalanceReport.TrialBalance balance = report.trials().get(i);
            trials.add(new TrialStatus(d.id(), d.version(), d.title(), d.method(), d.areas(), d.recruitFrom(),
                    d.recruitTo(), d.enforceUntil(), d.targetSize(), state(d, today, balance.total().allocations()),
                    balance));
        }
        return new TrialStatus.Trials(today, trials, report.notLoaded());
    }

    /** The trial's state on a Helsinki date, with this many allocations in the ledger. */
    static String state(TrialDefinition trial, LocalDate date, long allocations) {
        if (date.isBefore(trial.recruitFrom())) {
            return "planned";
        }
        if (date.isAfter(trial.enforceUntil())) {
            return "closed";
        }
        boolean targetReached = trial.stopAtTarget() && trial.targetSize() != null
                && allocations >= trial.targetSize();
        return date.isAfter(trial.recruitTo()) || targetReached ? "enforcing" : "recruiting";
    }
}
