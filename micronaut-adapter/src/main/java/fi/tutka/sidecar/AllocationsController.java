package fi.tutka.sidecar;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.codec.TutkaJson;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.regex.Pattern;

/** {@code GET /v1/allocations/{subject}}: a client's allocations and corrections in the ledger, by pseudonym. */
@Controller("/v1/allocations")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "trials")
final class AllocationsController {
    private static final Pattern SUBJECT = Pattern.compile("[0-9a-f]{64}");

    private final Engine engine;

    AllocationsController(Engine engine) {
        this.engine = engine;
    }

    @Get(uri = "/{subject}", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "A client's allocations and corrections",
            description = "By pseudonym (an outcome's subject), never by identity code: every trial's allocations "
                    + "and corrections of the client, in ledger order.")
    @ApiResponse(responseCode = "200", description = "The client's ledger entries (empty lists for none)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SubjectAllocations.class)))
    @ApiResponse(responseCode = "400", description = "Not a pseudonym",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "The ledger could not be read",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<String> allocations(
            @Parameter(description = "The pseudonym: 64 lowercase hexadecimal characters") @PathVariable String subject) {
        if (!SUBJECT.matcher(subject).matches()) {
            // The value is not repeated: it might be an identity code sent by mistake.
            return Problems.response(Problems.of(HttpStatus.BAD_REQUEST, "invalid-subject", "Invalid subject",
                    "the subject must be a pseudonym, 64 lowercase hexadecimal characters (an outcome's subject); "
                            + "clients are never looked up by identity code"));
        }
        SubjectAllocations answer;
        try {
            answer = new SubjectAllocations(subject, engine.ledger().allocations(subject),
                    engine.ledger().corrections(subject));
        } catch (TutkaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TutkaException(ErrorCode.LEDGER_FAILURE, "reading the allocation ledger failed: "
                    + Problems.safe(e.getMessage()), e);
        }
        return HttpResponse.ok(TutkaJson.write(answer)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
