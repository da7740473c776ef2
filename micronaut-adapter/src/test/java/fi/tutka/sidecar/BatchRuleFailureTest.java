package fi.tutka.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.providers.JsonLinesRecordSink;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A batch in which a rule fails on one item: that item is answered with its problem, the others as always. */
@MicronautTest
class BatchRuleFailureTest extends SidecarTest {
    @Override
    Map<String, String> settings() {
        return Map.of("tutka.rules.dir", Path.of("src/test/resources/failing-rules").toAbsolutePath().toString());
    }

    @Test
    void theItemWhoseRuleFailsHasItsProblemAndTheOthersAreEvaluatedAndWritten() throws IOException {
        String batch = "[" + Decisions.discussion("b-ok-1", Decisions.OLDER) + ","
                + Decisions.discussion("b-boom-1", Decisions.YOUNG).replace("\"service_code\":\"THK\"",
                        "\"service_code\":\"BOOM\"") + ",{}," + Decisions.discussion("b-ok-2", Decisions.YOUNG) + "]";

        FailuresTest.Logged logged = FailuresTest.logged(() -> http.post("/v1/decisions/batch", batch));

        assertThat(logged.answer().status()).isEqualTo(200);
        String body = logged.answer().body();
        assertThat(body).startsWith("{\"accepted\":2,\"rejected\":1,\"failed\":1,\"results\":[{\"outcome\":{"
                + "\"decision_id\":\"b-ok-1\"");
        assertThat(body).contains("\"errors\":[]},{\"problem\":{\"type\":\"urn:tutka:problem:rule-evaluation\","
                + "\"title\":\"Rule failed\",\"status\":500,\"detail\":\"a rule failed on this decision, so it was not "
                + "evaluated; the service's log names the rule\"}},{\"errors\":[{\"pointer\":\"/decision_id\",");
        assertThat(body).contains("{\"outcome\":{\"decision_id\":\"b-ok-2\"").doesNotContain(Decisions.YOUNG);
        assertThat(logged.log()).contains("POST /v1/decisions/batch item 1 failed: RULE_EVALUATION: rule "
                + "'Fails on BOOM' (boom.drl) failed");
        FailuresTest.assertClean(logged);
        List<String> records = Files.readAllLines(dir.resolve("records").resolve(JsonLinesRecordSink.FILE_NAME));
        assertThat(records).hasSize(2);
        assertThat(String.join("\n", records)).doesNotContain("b-boom-1");
    }
}
