package fi.tutka.sidecar;

import fi.tutka.codec.TutkaJson;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code GET /v1/rules}: the rules in use and the last reloads; {@code POST /v1/rules/reload}: reload now. */
@Controller("/v1/rules")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "rules")
final class RulesController {
    private final Rules rules;

    RulesController(Rules rules) {
        this.rules = rules;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "The rules in use and the last reloads",
            description = "The ruleset version, rule count, trials, when they were loaded, the rules folder and "
                    + "whether it is watched, and the last " + Rules.HISTORY + " reloads, newest first, with the "
                    + "errors of each failed one.")
    @ApiResponse(responseCode = "200", description = "The rules status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RulesStatus.class)))
    HttpResponse<String> status() {
        return HttpResponse.ok(TutkaJson.write(rules.status())).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    @Post(uri = "/reload", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Reload the rules now",
            description = "Reads and compiles the rules again and puts them in use; evaluations in flight finish on "
                    + "the rules they began with. One reload runs at a time: one asked for meanwhile waits for it, "
                    + "then reads the rules again itself.")
    @ApiResponse(responseCode = "200", description = "The new rules are in use: the rules status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RulesStatus.class)))
    @ApiResponse(responseCode = "422", description = "The rules did not load; the rules in use stay. Each error "
            + "is in rule_errors", content = @Content(mediaType = Problems.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    HttpResponse<String> reload() {
        try {
            return HttpResponse.ok(TutkaJson.write(rules.reload("api")))
                    .contentType(MediaType.APPLICATION_JSON_TYPE);
        } catch (Rules.Failed e) {
            return Problems.response(Problems.rulesNotLoaded(e.code(), e.errors()));
        }
    }
}
