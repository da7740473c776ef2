package fi.tutka.sidecar;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code GET /prometheus}: the metrics ({@link SidecarMetrics}) in Prometheus' text format, or OpenMetrics. */
@Controller("/prometheus")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "operations")
final class MetricsController {
    private static final String PROMETHEUS_TEXT = "text/plain";
    private static final String OPEN_METRICS_TEXT = "application/openmetrics-text";

    private final SidecarMetrics metrics;

    MetricsController(SidecarMetrics metrics) {
        this.metrics = metrics;
    }

    @Get(produces = {PROMETHEUS_TEXT, OPEN_METRICS_TEXT})
    @Operation(summary = "Metrics for Prometheus", description = "Evaluations by verdict, their latency, rejected "
            + "inputs by reason, allocations by trial and arm, rules reloads, the sink's lag and the JVM's own; "
            + "OpenMetrics when the Accept header asks for application/openmetrics-text.")
    @ApiResponse(responseCode = "200", description = "The metrics",
            content = @Content(mediaType = PROMETHEUS_TEXT, schema = @Schema(type = "string")))
    HttpResponse<byte[]> scrape(@Header(HttpHeaders.ACCEPT) @Nullable String accept) {
        ExpositionFormatWriter format = SidecarMetrics.format(accept);
        return HttpResponse.ok(metrics.scrape(format)).header(HttpHeaders.CONTENT_TYPE, format.getContentType());
    }
}
