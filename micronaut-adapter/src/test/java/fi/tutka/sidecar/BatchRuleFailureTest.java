package fi.tutka.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.providers.JsonLinesRecordSink;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A batch in which a rule fails on one item: that item is answered with its problem, the others as always. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchRuleFailureTest implements TestPropertyProvider {
    final Path dir = Decisions.tempDir();

    @Inject
    EmbeddedServer server;

    @Inject
    Engine engine;

    Http http;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> settings = Decisions.settings(dir);
        settings.put("tutka.rules.dir", Path.of("src/test/resources/failing-rules").toAbsolutePath().toString());
        return settings;
    }

    @BeforeAll
    void ready() {
        engine.awaitBuilt();
        http = new Http(server.getURL().toString(), null);
    }

    @AfterAll
    void clean() {
        Decisions.delete(dir);
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
