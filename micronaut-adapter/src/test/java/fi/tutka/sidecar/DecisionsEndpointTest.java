package fi.tutka.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.Tutka;
import fi.tutka.codec.TutkaJson;
import fi.tutka.providers.JsonLinesRecordSink;
import fi.tutka.spi.Settings;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/decisions} and {@code /v1/decisions/batch} on real engine parts: the bundled rules, a records folder,
 * H2 ledger and vault in a temporary folder; no token.
 */
@MicronautTest
class DecisionsEndpointTest extends SidecarTest {
    @Override
    Map<String, String> settings() {
        return Map.of("tutka.http.batch-max", "5");
    }

    List<String> records() throws IOException {
        return Files.readAllLines(dir.resolve("records").resolve(JsonLinesRecordSink.FILE_NAME));
    }

    @Test
    void answersTheOutcomeAsTheEmbeddedEngineWritesItAndTheRecordIsOnDisk() throws IOException {
        Http.Answer answer = http.post("/v1/decisions", Decisions.discussion("d-single-1", Decisions.OLDER));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(answer.body()).startsWith("{\"decision_id\":\"d-single-1\",\"verdict\":\"ALLOW\",\"message\":\"\","
                + "\"subject\":\"" + engine.tutka().subject("179", Decisions.OLDER) + "\"");
        assertThat(answer.body()).contains("\"service_class\":\"job_search_discussion\"")
                .doesNotContain(Decisions.OLDER);
        String recordId = answer.body().replaceAll(".*\"record_ids\":\\[\"([^\"]+)\"\\].*", "$1");
        assertThat(records()).anySatisfy(line -> assertThat(line).contains("\"id\":\"" + recordId + "\""));
    }

    @Test
    void aBadDecisionIs400WithEveryOffendingFieldAndWritesNothing() throws IOException {
        int before = records().size();
        String bad = Decisions.discussion("d-bad-1", "010190-999A").replace("\"area\":\"179\"", "\"area\":\"17\"")
                .replace("\"decision_time\":\"2026-01-12T09:30:00+02:00\"", "\"decision_time\":\"2026-01-12T09:30:00\"")
                .replace("\"event_type\":\"decision\"", "\"event_type\":\"decision\",\"end_dat\":\"2026-02-01\"");

        Http.Answer answer = http.post("/v1/decisions", bad);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.body()).isEqualTo("{\"type\":\"urn:tutka:problem:invalid-decision\",\"title\":\"Invalid "
                + "decision\",\"status\":400,\"detail\":\"4 fields of the decision are wrong\",\"errors\":["
                + TutkaJson.write(new fi.tutka.api.FieldError("/end_dat", "is not a known field")) + ","
                + errorsOf(bad) + "]}");
        assertThat(answer.body()).doesNotContain("010190-999A");
        assertThat(records()).hasSize(before);
    }

    /** The engine's own errors for the decision, past the unknown field, as the codec writes them. */
    private static String errorsOf(String json) {
        try {
            TutkaJson.readDecision(json);
            throw new AssertionError("expected the decision to be rejected");
        } catch (fi.tutka.api.TutkaException e) {
            StringBuilder out = new StringBuilder();
            e.fieldErrors().stream().filter(error -> !error.pointer().equals("/end_dat"))
                    .forEach(error -> out.append(out.length() == 0 ? "" : ",").append(TutkaJson.write(error)));
            return out.toString();
        }
    }

    @Test
    void malformedJsonIs400NotValidJson() {
        Http.Answer answer = http.post("/v1/decisions", "{\"decision_id\": \"x\", ");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("{\"type\":\"urn:tutka:problem:invalid-decision\",\"title\":\"Invalid "
                + "decision\",\"status\":400,\"detail\":\"the body is not a decision (not valid JSON): send one decision "
                + "as a JSON object\",\"errors\":[{\"pointer\":\"\",\"message\":\"not valid JSON\"}]}");
    }

    /** Bytes that are not UTF-8 are refused, never read with U+FFFD in their place. */
    @Test
    void aBodyThatIsNotUtf8Is400AndWritesNothing() throws IOException {
        int before = records().size();
        byte[] decision = Decisions.discussion("d-utf8-1", Decisions.OLDER).replace("\"THK\"", "\"TH@\"")
                .getBytes(StandardCharsets.UTF_8);
        decision[new String(decision, StandardCharsets.UTF_8).indexOf("TH@") + 2] = (byte) 0xC3; // a lone lead byte
        byte[] batch = ("[" + new String(decision, StandardCharsets.ISO_8859_1) + "]").getBytes(
                StandardCharsets.ISO_8859_1);

        Http.Answer single = http.post("/v1/decisions", decision);
        Http.Answer many = http.post("/v1/decisions/batch", batch);
        Http.Answer delivery = http.post("/v1/deliveries", new byte[] {'{', (byte) 0xFF, '}'});

        assertThat(single.status()).isEqualTo(400);
        assertThat(single.body()).isEqualTo("{\"type\":\"urn:tutka:problem:invalid-decision\",\"title\":\"Invalid "
                + "decision\",\"status\":400,\"detail\":\"the body is not a decision (not valid UTF-8): send one "
                + "decision as a JSON object\",\"errors\":[{\"pointer\":\"\",\"message\":\"not valid UTF-8\"}]}");
        assertThat(many.status()).isEqualTo(400);
        assertThat(many.body()).isEqualTo("{\"type\":\"urn:tutka:problem:invalid-request\",\"title\":\"Invalid "
                + "request\",\"status\":400,\"detail\":\"the body must be a JSON array of decisions in UTF-8\","
                + "\"errors\":[{\"pointer\":\"\",\"message\":\"not valid UTF-8\"}]}");
        assertThat(delivery.status()).isEqualTo(400);
        assertThat(delivery.body()).contains("\"errors\":[{\"pointer\":\"\",\"message\":\"not valid UTF-8\"}]");
        assertThat(records()).hasSize(before);
    }

    @Test
    void anEmptyBodyIs400NotValidJson() {
        Http.Answer answer = http.post("/v1/decisions", "");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("\"errors\":[{\"pointer\":\"\",\"message\":\"not valid JSON\"}]");
    }

    @Test
    void anotherContentTypeIs415() {
        Http.Answer answer = http.post("/v1/decisions", "text/plain", Decisions.discussion("d-415", Decisions.OLDER));

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.body()).isEqualTo("{\"type\":\"urn:tutka:problem:unsupported-media-type\",\"title\":"
                + "\"Unsupported media type\",\"status\":415,\"detail\":\"send the body as application/json (UTF-8)\"}");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String huge = "[" + "\"x\",".repeat(600_000) + "\"x\"]";

        Http.Answer answer = http.post("/v1/decisions/batch", huge);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body()).isEqualTo("{\"type\":\"urn:tutka:problem:too-large\",\"title\":\"Too large\","
                + "\"status\":413,\"detail\":\"the body is larger than the service takes "
                + "(micronaut.server.max-request-size)\"}");
    }

    @Test
    void anUnknownPathIs404AndAWrongMethod405() {
        Http.Answer missing = http.get("/v1/decision/" + Decisions.OLDER);
        Http.Answer method = http.get("/v1/decisions");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"type\":\"urn:tutka:problem:not-found\",\"title\":\"Not found\","
                + "\"status\":404,\"detail\":\"no such resource: the API is under /v1 (see /openapi.yml)\"}");
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.contentType()).isEqualTo("application/problem+json");
        assertThat(method.body()).contains("\"detail\":\"this resource does not take GET (see /openapi.yml)\"");
    }

    @Test
    void aBatchAnswersEachItemOnItsOwnInOrder() throws IOException {
        int before = records().size();
        String batch = "[" + Decisions.discussion("d-batch-1", Decisions.OLDER) + ",\n  {\"area\": 179},"
                + "{\"not json\" 1}," + Decisions.discussion("d-batch-2", Decisions.YOUNG)
                        .replace("{\"decision_id\"", "{\"area\":\"179\",\"decision_id\"") + ","
                + Decisions.discussion("d-batch-3", Decisions.YOUNG) + "]";

        Http.Answer answer = http.post("/v1/decisions/batch", batch);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(answer.body()).startsWith("{\"accepted\":2,\"rejected\":3,\"failed\":0,\"results\":[{\"outcome\":{"
                + "\"decision_id\":\"d-batch-1\"");
        assertThat(answer.body()).contains("\"errors\":[]},{\"errors\":[{\"pointer\":\"/area\",\"message\":");
        assertThat(answer.body()).contains("{\"errors\":[{\"pointer\":\"\",\"message\":\"not valid JSON\"}]},"
                + "{\"errors\":[{\"pointer\":\"\",\"message\":\"not valid JSON\"}]},{\"outcome\":{"
                + "\"decision_id\":\"d-batch-3\"");
        assertThat(records()).hasSize(before + 2);
    }

    @Test
    void aBatchThatIsNotAnArrayIs400() {
        Http.Answer answer = http.post("/v1/decisions/batch", Decisions.discussion("d-x", Decisions.OLDER));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("{\"type\":\"urn:tutka:problem:invalid-request\",\"title\":\"Invalid "
                + "request\",\"status\":400,\"detail\":\"the body must be a JSON array of decisions\",\"errors\":"
                + "[{\"pointer\":\"\",\"message\":\"must be a JSON array\"}]}");
    }

    @Test
    void anAddressOrHeadersTooLongAre414And431NotTooLargeABody() throws Exception {
        Http.Answer uri = http.get("/v1/allocations/" + "a".repeat(10_000));
        java.net.http.HttpResponse<String> headers = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.getURL() + "/v1/trials"))
                        .header("X-Big", "a".repeat(20_000)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(uri.status()).isEqualTo(414);
        assertThat(uri.body()).isEqualTo("{\"type\":\"urn:tutka:problem:uri-too-long\",\"title\":\"URI too long\","
                + "\"status\":414,\"detail\":\"the request's address is longer than the service takes\"}");
        assertThat(headers.statusCode()).isEqualTo(431);
        assertThat(headers.body()).isEqualTo("{\"type\":\"urn:tutka:problem:headers-too-large\",\"title\":"
                + "\"Request header fields too large\",\"status\":431,\"detail\":\"the request's headers are larger "
                + "than the service takes\"}");
    }

    /** A client that goes away in the middle of its body is not the service's failure: nothing logged as an error. */
    @Test
    void aBodyCutShortByTheClientIsNotLoggedAsAnError() throws Exception {
        FailuresTest.Logged logged = FailuresTest.logged(() -> {
            for (int i = 0; i < 3; i++) {
                try (java.net.Socket socket = new java.net.Socket(server.getHost(), server.getPort())) {
                    socket.getOutputStream().write(("POST /v1/decisions HTTP/1.1\r\nHost: x\r\nContent-Type: "
                            + "application/json\r\nContent-Length: 1000\r\n\r\n{\"area\":").getBytes(
                                    java.nio.charset.StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            // the service notices the closed connections on its own threads; the next answer comes after them
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return http.get("/health/liveness");
        });

        assertThat(logged.answer().status()).isEqualTo(200);
        assertThat(logged.log()).doesNotContain("ERROR", "failed unexpectedly");
    }

    @Test
    void aBatchOverBatchMaxIs413() {
        Http.Answer answer = http.post("/v1/decisions/batch", "[{},{},{},{},{},{}]");

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body()).contains("\"detail\":\"the batch holds 6 decisions; send at most 5 a request "
                + "(tutka.http.batch-max)\"");
    }

    @Test
    void anEmptyBatchIsAnsweredEmpty() {
        Http.Answer answer = http.post("/v1/decisions/batch", " [ ] ");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"accepted\":0,\"rejected\":0,\"failed\":0,\"results\":[]}");
    }

    @Test
    void metricsCountVerdictsRejectionsAndLatencyWithoutAToken() {
        http.post("/v1/decisions", Decisions.discussion("d-metrics-1", Decisions.OLDER));
        http.post("/v1/decisions", "{\"decision_id\":1}");

        Http.Answer metrics = http.get("/prometheus");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).containsPattern("(?m)^tutka_evaluations_total\\{verdict=\"ALLOW\"} [1-9]")
                .containsPattern("(?m)^tutka_rejected_inputs_total\\{reason=\"/decision_id\"} [1-9]")
                .containsPattern("(?m)^tutka_rejected_inputs_total\\{reason=\"unknown_field\"} [1-9]")
                .containsPattern("(?m)^tutka_evaluation_seconds_bucket\\{le=\"\\+Inf\"} [1-9]")
                .containsPattern("(?m)^jvm_threads_current [1-9]")
                .doesNotContain(Decisions.OLDER);
        assertThat(metrics.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    }

    @Test
    void metricsAreInOpenMetricsWhenTheScraperAsks() {
        Http.Answer metrics = http.get("/prometheus", "application/openmetrics-text; version=1.0.0; charset=utf-8");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(metrics.body()).contains("# TYPE tutka_rules_reloads counter\n"
                + "# HELP tutka_rules_reloads Rules reloads, by outcome\n"
                + "tutka_rules_reloads_total{outcome=\"failed\"} 0.0\n"
                + "tutka_rules_reloads_total{outcome=\"ok\"} 0.0\n").endsWith("# EOF\n");
    }

    @Test
    void aDeliveryWithoutARecipientCertificateIs500SayingWhichSetting() {
        FailuresTest.Logged logged = FailuresTest.logged(() -> http.post("/v1/deliveries",
                "{\"area\":\"179\",\"period\":\"2026H1\"}"));
        Http.Answer answer = logged.answer();

        assertThat(logged.log()).contains("ERROR fi.tutka.sidecar.DeliveriesController - POST /v1/deliveries failed, "
                + "answered 500: no recipient certificate: set tutka.delivery.recipient (--recipient)\n");
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo("{\"type\":\"urn:tutka:problem:configuration\",\"title\":"
                + "\"Configuration error\",\"status\":500,\"detail\":\"the sidecar has no recipient certificate for "
                + "deliveries: set tutka.delivery.recipient (TUTKA_DELIVERY_RECIPIENT) to the X.509 certificate the "
                + "linkage file is encrypted to\"}");
    }

    @Test
    void healthIsUpAndReadinessNamesEachStore() {
        Http.Answer liveness = http.get("/health/liveness");
        Http.Answer readiness = http.get("/health/readiness");
        Http.Answer health = http.get("/health");

        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.contentType()).isEqualTo("application/json");
        assertThat(readiness.body()).isEqualTo("{\"status\":\"UP\",\"checks\":{\"rules\":\""
                + engine.tutka().ruleCount() + " rules, version " + engine.tutka().rulesetVersion()
                + "\",\"ledger\":\"reachable\",\"vault\":\"reachable\",\"sink\":\"reachable\"}}");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo(readiness.body());
    }

    @Test
    void theOpenApiDocumentIsServed() {
        Http.Answer answer = http.get("/openapi.yml");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/yaml");
        assertThat(answer.body()).startsWith("openapi: 3.").contains("  /v1/decisions:\n    post:",
                "  /v1/decisions/batch:\n", "  /v1/allocations/{subject}:\n", "  /v1/trials:\n",
                "  /v1/deliveries:\n", "  /v1/rules:\n    get:", "  /v1/rules/reload:\n    post:",
                "        ruleset_version:\n");
        // what an answer may leave out is not required: a problem's errors, a batch item's three parts
        assertThat(answer.body()).contains("    Problem:\n      required:\n      - detail\n      - status\n"
                + "      - title\n      - type\n      type: object\n", "    Batch.Item:\n      type: object\n");
    }

    /**
     * The sidecar's answer is byte for byte the embedded engine's: a second engine with the same key file and a
     * ledger, vault and records of its own evaluates the same decision.
     */
    @Test
    void theAnswerIsByteIdenticalToTheEmbeddedEnginesOutcome() throws IOException {
        Path embedded = Decisions.tempDir();
        try {
            Files.copy(dir.resolve("keys.properties"), embedded.resolve("keys.properties"));
            Map<String, String> settings = Decisions.settings(embedded);
            settings.remove("micronaut.server.port");
            String decision = Decisions.inYouthTrial("d-parity-1", Decisions.YOUNG);
            String expected;
            try (Tutka tutka = Tutka.builder().settings(Settings.of(settings)).build()) {
                expected = TutkaJson.write(tutka.evaluate(TutkaJson.readDecision(decision)));
            }

            Http.Answer answer = http.post("/v1/decisions", decision);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(expected);
            assertThat(answer.raw().body().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(expected).contains("\"trial_id\":\"youth-coaching-2026\"", "\"allocated_now\":true");
        } finally {
            Decisions.delete(embedded);
        }
    }
}
