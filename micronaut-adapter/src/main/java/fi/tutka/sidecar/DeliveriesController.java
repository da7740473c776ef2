package fi.tutka.sidecar;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.FieldError;
import fi.tutka.api.TutkaException;
import fi.tutka.codec.TutkaJson;
import fi.tutka.delivery.DeliveryBuilder;
import fi.tutka.delivery.Recipient;
import fi.tutka.internal.ServedAreas;
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
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/deliveries}: builds an area's half-year delivery from the sidecar's records, ledger and identity
 * vault, as {@code tutka deliver} does, and answers what it wrote. One build of a delivery at a time.
 */
@Controller("/v1/deliveries")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "deliveries")
final class DeliveriesController {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveriesController.class);
    private static final Pattern AREA = Pattern.compile("\\d{3}");
    private static final Pattern PERIOD = Pattern.compile("\\d{4}H[12]");
    private static final Set<String> FIELDS = Set.of("area", "period");
    private static final JsonParserFactory PARSERS = JsonProvider.provider().createParserFactory(Map.of(
            "org.eclipse.parsson.rejectDuplicateKeys", Boolean.TRUE));

    private final Engine engine;
    private final DeliveryConfig config;
    private final Clock clock;
    private final Set<String> building = ConcurrentHashMap.newKeySet();

    DeliveriesController(Engine engine, DeliveryConfig config, Clock clock) {
        this.engine = engine;
        this.config = config;
        this.clock = clock;
    }

    /** What to deliver. */
    @Schema(name = "DeliveryRequest")
    public record Request(@Schema(example = "179", description = "the area's host municipality code") String area,
            @Schema(example = "2026H1", description = "the half-year") String period) {
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Builds an area's half-year delivery",
            description = "Writes the delivery folder tutka-<area>-<period> (replacing an earlier one) from the "
                    + "records, the allocation ledger and the identity vault, the linkage file encrypted to the "
                    + "certificate tutka.delivery.recipient; answers the folder and its counts.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Request.class)))
    @ApiResponse(responseCode = "200", description = "The delivery was written",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DeliveryBuilder.Result.class)))
    @ApiResponse(responseCode = "400", description = "Area or period missing or wrong",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "This delivery is being built by another request",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "500", description = "No recipient certificate configured, or the build failed",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<String> deliver(@Nullable @Body byte[] body) {
        List<FieldError> errors = new ArrayList<>();
        Optional<String> text = Bodies.utf8(body);
        if (text.isEmpty()) {
            errors.add(new FieldError("", Bodies.NOT_UTF8));
        }
        Request request = text.isEmpty() ? null : read(text.get(), errors);
        if (request != null) {
            served(request, errors);
        }
        if (!errors.isEmpty()) {
            return Problems.response(Problems.invalidRequest(errors.size() == 1 ? "1 field of the request is wrong"
                    : errors.size() + " fields of the request are wrong", errors));
        }
        if (config.getRecipient() == null || config.getRecipient().isBlank()) {
            LOG.error("POST /v1/deliveries failed, answered 500: no recipient certificate: set "
                    + "tutka.delivery.recipient (--recipient)");
            return Problems.response(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "configuration",
                    "Configuration error", "the sidecar has no recipient certificate for deliveries: set "
                            + "tutka.delivery.recipient (TUTKA_DELIVERY_RECIPIENT) to the X.509 certificate the "
                            + "linkage file is encrypted to"));
        }
        String key = request.area() + "/" + request.period();
        if (!building.add(key)) {
            return Problems.response(Problems.of(HttpStatus.CONFLICT, "delivery-in-progress", "Delivery in progress",
                    "the delivery of area " + request.area() + ", " + request.period()
                            + " is being built by another request: ask again when it is done"));
        }
        try {
            DeliveryBuilder.Result result = build(request);
            return HttpResponse.ok(TutkaJson.write(result)).contentType(MediaType.APPLICATION_JSON_TYPE);
        } finally {
            building.remove(key);
        }
    }

    private DeliveryBuilder.Result build(Request request) {
        Path records = engine.recordsFolder();
        Path output = config.getOutput() != null && !config.getOutput().isBlank() ? Path.of(config.getOutput())
                : EngineSettings.beside(records, "deliveries", "").normalize();
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.IO, "cannot create the delivery folder " + output + ": "
                    + e.getMessage() + "; check tutka.delivery.output", e);
        }
        Recipient recipient = Recipient.load(Path.of(config.getRecipient()), clock);
        int year = Integer.parseInt(request.period().substring(0, 4));
        int half = request.period().charAt(5) - '0';
        return DeliveryBuilder.builder().records(records).area(request.area()).period(year, half).output(output)
                .servedAreas(engine.tutka().areas()).clock(clock).identityVault(engine.vault()).recipient(recipient)
                .allocations(engine.ledger())
                .trials(engine.tutka().trials()).build().write();
    }

    /** The request, checked: an object with a 3-digit area and a half-year such as 2026H1, and nothing else. */
    static Request read(String body, List<FieldError> errors) {
        JsonValue value;
        try (JsonParser parser = PARSERS.createParser(new StringReader(body))) {
            parser.next();
            value = parser.getValue();
            if (parser.hasNext()) {
                throw new IllegalStateException("more after the first value");
            }
        } catch (RuntimeException e) {
            errors.add(new FieldError("", "not valid JSON"));
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            errors.add(new FieldError("", "must be a JSON object"));
            return null;
        }
        JsonObject object = value.asJsonObject();
        for (String name : object.keySet()) {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError("/" + pointerName(name), "is not a known field"));
            }
        }
        String area = text(object, "area", AREA, "must be the area's 3-digit host municipality code, such as 179",
                errors);
        String period = text(object, "period", PERIOD,
                "must be a half-year such as 2026H1 (1 Jan-30 Jun) or 2026H2 (1 Jul-31 Dec)", errors);
        return errors.isEmpty() ? new Request(area, period) : null;
    }

    /** An area this Tutka serves, and a half-year from the TE reform (2025H1) on, as decisions are checked. */
    private void served(Request request, List<FieldError> errors) {
        if (!engine.tutka().areas().contains(request.area())) {
            errors.add(new FieldError("/area", ServedAreas.notServed(engine.tutka().areas())));
        }
        if (Integer.parseInt(request.period().substring(0, 4)) < DeliveryBuilder.FIRST_YEAR) {
            errors.add(new FieldError("/period", "is before " + DeliveryBuilder.FIRST_YEAR + "H1, the first half-year "
                    + "of the employment areas (the TE reform of 1 January " + DeliveryBuilder.FIRST_YEAR + ")"));
        }
    }

    /** An unknown name as the decision reader shows one: identity-code shapes masked, then cut at 40 characters. */
    private static String pointerName(String name) {
        String masked = Problems.safe(name);
        String shown = masked.length() > 40 ? masked.substring(0, 40) + "..." : masked;
        return shown.replace("~", "~0").replace("/", "~1");
    }

    private static String text(JsonObject object, String name, Pattern pattern, String expected,
            List<FieldError> errors) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            errors.add(new FieldError("/" + name, "is required"));
            return null;
        }
        if (!(value instanceof JsonString string) || !pattern.matcher(string.getString()).matches()) {
            errors.add(new FieldError("/" + name, expected));
            return null;
        }
        return string.getString();
    }
}
