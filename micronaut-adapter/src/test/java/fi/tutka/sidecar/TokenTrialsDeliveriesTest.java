package fi.tutka.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.sample.SampleRecipient;
import fi.tutka.spi.Correction;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code tutka.http.token} set: the token on every path but health; and the trials, allocations and deliveries
 * endpoints, on 5 October 2026 (Helsinki), while both bundled trials recruit.
 */
@MicronautTest
class TokenTrialsDeliveriesTest extends SidecarTest {
    static final String TOKEN = "s3cret-token-for-tests";
    static final Instant NOW = Instant.parse("2026-10-05T10:00:00Z");

    @MockBean(Clock.class)
    Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    @Override
    Map<String, String> settings() {
        return Map.of("tutka.http.token", TOKEN, "tutka.delivery.recipient", SampleRecipient.write(
                dir.resolve("recipient"), Clock.fixed(NOW.minusSeconds(86_400), ZoneOffset.UTC))
                .certificate().toString());
    }

    @Test
    void withoutTheTokenEverythingButHealthIs401() {
        Http http = this.http.withToken(null);
        for (String path : new String[] {"/v1/trials", "/v1/rules", "/prometheus", "/openapi.yml",
                "/v1/allocations/x"}) {
            Http.Answer answer = http.get(path);

            assertThat(answer.status()).as(path).isEqualTo(401);
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
            assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"tutka\"");
            assertThat(answer.body()).isEqualTo("{\"type\":\"urn:tutka:problem:unauthorized\",\"title\":"
                    + "\"Unauthorized\",\"status\":401,\"detail\":\"send the service's token as Authorization: "
                    + "Bearer <token>\"}");
        }
        assertThat(http.post("/v1/decisions", Decisions.discussion("t-1", Decisions.OLDER)).status()).isEqualTo(401);
        assertThat(http.get("/health/readiness").status()).isEqualTo(200);
        assertThat(http.get("/health/liveness").status()).isEqualTo(200);
        assertThat(http.get("/health").status()).isEqualTo(200);
        // A path under /health that climbs out of it is routed to nothing, not to the API.
        assertThat(http.get("/health/../v1/trials").status()).isEqualTo(404);
    }

    @Test
    void aWrongTokenIs401() {
        Http.Answer answer = http.withToken(TOKEN + "x").get("/v1/trials");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).contains("\"detail\":\"the token is not the service's (tutka.http.token)\"");
    }

    @Test
    void theTrialsWithTheirStateAndBalance() {
        http.post("/v1/decisions", Decisions.inYouthTrial("t-trials-1", Decisions.YOUNG));

        Http.Answer answer = http.get("/v1/trials");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(answer.body()).startsWith("{\"date\":\"2026-10-05\",\"trials\":[");
        assertThat(answer.body()).contains("{\"id\":\"youth-coaching-2026\",\"version\":\"1\",\"title\":\"Intensified "
                + "coaching for young jobseekers\",\"method\":\"keyed-hash-v1\",\"areas\":[\"179\",\"837\"],"
                + "\"recruit_from\":\"2026-09-01\",");
        assertThat(answer.body()).contains("\"state\":\"recruiting\",\"balance\":{\"trial_id\":\"youth-coaching-2026\"");
        assertThat(answer.body()).contains("{\"id\":\"older-long-term-unemployed-2026\"");
        assertThat(answer.body()).endsWith("],\"not_loaded\":[]}");
    }

    @Test
    void aClientsAllocationsAndCorrectionsByPseudonym() {
        String subject = engine.tutka().subject("179", Decisions.YOUNG);
        Http.Answer outcome = http.post("/v1/decisions", Decisions.inYouthTrial("t-alloc-1", Decisions.YOUNG));
        assertThat(outcome.status()).isEqualTo(200);
        String arm = engine.ledger().allocations(subject).get(0).arm();
        engine.ledger().correct("youth-coaching-2026", subject, Correction.Kind.WITHDRAWAL, "moved away", "steward",
                NOW);

        Http.Answer answer = http.get("/v1/allocations/" + subject);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).startsWith("{\"subject\":\"" + subject + "\",\"allocations\":[{\"trial_id\":"
                + "\"youth-coaching-2026\",\"trial_version\":\"1\",");
        assertThat(answer.body()).contains("\"arm\":\"" + arm + "\",\"decision_id\":\"t-");
        assertThat(answer.body()).contains("],\"corrections\":[{\"trial_id\":\"youth-coaching-2026\",\"subject\":\""
                + subject + "\",\"kind\":\"WITHDRAWAL\",\"reason\":\"moved away\",\"actor\":\"steward\"");
    }

    @Test
    void aSubjectNeverAllocatedHasEmptyLists() {
        String subject = "0".repeat(64);

        Http.Answer answer = http.get("/v1/allocations/" + subject);

        assertThat(answer.body()).isEqualTo("{\"subject\":\"" + subject + "\",\"allocations\":[],\"corrections\":[]}");
    }

    @Test
    void aSubjectThatIsNotAPseudonymIs400WithoutRepeatingIt() {
        for (String subject : new String[] {Decisions.YOUNG, "A".repeat(64), "a".repeat(63)}) {
            Http.Answer answer = http.get("/v1/allocations/" + subject);

            assertThat(answer.status()).as(subject).isEqualTo(400);
            assertThat(answer.body()).isEqualTo("{\"type\":\"urn:tutka:problem:invalid-subject\",\"title\":"
                    + "\"Invalid subject\",\"status\":400,\"detail\":\"the subject must be a pseudonym, 64 lowercase "
                    + "hexadecimal characters (an outcome's subject); clients are never looked up by identity code\"}");
        }
    }

    @Test
    void aDeliveryIsBuiltFromTheSidecarsRecords() {
        http.post("/v1/decisions", Decisions.discussion("t-deliver-1", Decisions.OLDER));

        Http.Answer answer = http.post("/v1/deliveries", "{\"area\": \"179\", \"period\": \"2026H1\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        Path folder = dir.resolve("deliveries").resolve("tutka-179-2026H1");
        assertThat(answer.body()).startsWith("{\"folder\":\"" + folder + "\",\"records_read\":");
        assertThat(answer.body()).contains("\"linkage_missing\":0,");
        assertThat(Files.isRegularFile(folder.resolve("SHA256SUMS"))).isTrue();
        assertThat(Files.isRegularFile(folder.resolve("linkage.csv.p7m"))).isTrue();
    }

    @Test
    void aDeliveryRequestWithBadFieldsIs400NamingEach() {
        Http.Answer answer = http.post("/v1/deliveries", "{\"area\": \"17\", \"period\": \"2026H3\", \"x\": 1}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("{\"type\":\"urn:tutka:problem:invalid-request\",\"title\":\"Invalid "
                + "request\",\"status\":400,\"detail\":\"3 fields of the request are wrong\",\"errors\":["
                + "{\"pointer\":\"/x\",\"message\":\"is not a known field\"},"
                + "{\"pointer\":\"/area\",\"message\":\"must be the area's 3-digit host municipality code, such as "
                + "179\"},{\"pointer\":\"/period\",\"message\":\"must be a half-year such as 2026H1 (1 Jan-30 Jun) or "
                + "2026H2 (1 Jul-31 Dec)\"}]}");
        assertThat(http.post("/v1/deliveries", "{}").body()).contains("\"errors\":[{\"pointer\":\"/area\","
                + "\"message\":\"is required\"},{\"pointer\":\"/period\",\"message\":\"is required\"}]");
        assertThat(http.post("/v1/deliveries", "[1]").body()).contains("\"errors\":[{\"pointer\":\"\","
                + "\"message\":\"must be a JSON object\"}]");
    }

    @Test
    void aDeliveryOfAnAreaNotServedOrBeforeTheReformIs400() {
        Http.Answer answer = http.post("/v1/deliveries", "{\"area\": \"999\", \"period\": \"2024H2\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("{\"type\":\"urn:tutka:problem:invalid-request\",\"title\":\"Invalid "
                + "request\",\"status\":400,\"detail\":\"2 fields of the request are wrong\",\"errors\":["
                + "{\"pointer\":\"/area\",\"message\":\"is not an area this Tutka serves: this Tutka serves areas "
                + "179, 837 (setting tutka.areas)\"},{\"pointer\":\"/period\",\"message\":\"is before 2025H1, the "
                + "first half-year of the employment areas (the TE reform of 1 January 2025)\"}]}");
        assertThat(dir.resolve("deliveries").resolve("tutka-999-2024H2")).doesNotExist();
    }

    @Test
    void theTrialsStateFollowsTheHelsinkiDateAndTheTarget() {
        var youth = engine.tutka().trials().stream().filter(t -> t.id().equals("youth-coaching-2026")).findFirst()
                .orElseThrow().definition();

        assertThat(TrialsController.state(youth, LocalDate.of(2026, 8, 31), 0)).isEqualTo("planned");
        assertThat(TrialsController.state(youth, LocalDate.of(2026, 9, 1), 0)).isEqualTo("recruiting");
        assertThat(TrialsController.state(youth, LocalDate.of(2026, 9, 1), 1600)).isEqualTo("enforcing");
        assertThat(TrialsController.state(youth, youth.recruitTo().plusDays(1), 0)).isEqualTo("enforcing");
        assertThat(TrialsController.state(youth, youth.enforceUntil(), 0)).isEqualTo("enforcing");
        assertThat(TrialsController.state(youth, youth.enforceUntil().plusDays(1), 0)).isEqualTo("closed");
    }
}
