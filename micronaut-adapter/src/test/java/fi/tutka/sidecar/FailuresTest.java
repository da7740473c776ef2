package fi.tutka.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The answers when the stores fail or a rule does: 503 for the sink and the ledger (retry), 500 for a rule, and
 * neither the stores' messages nor a stack trace nor an identity code in an answer or a log line.
 */
@MicronautTest
class FailuresTest extends SidecarTest {
    @Override
    Map<String, String> settings() {
        return Map.of("tutka.sink", "failing", "tutka.allocations", "failing",
                "tutka.rules.dir", Path.of("src/test/resources/failing-rules").toAbsolutePath().toString());
    }

    record Logged(Http.Answer answer, String log) {
    }

    /** The answer, and what the service logged meanwhile (slf4j-simple writes to the current System.err). */
    static Logged logged(Supplier<Http.Answer> request) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return new Logged(request.get(), captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    static void assertClean(Logged logged) {
        assertThat(logged.answer().body()).doesNotContain("010190-999P", "/var/lib", "Exception", "fi.tutka.",
                "io.micronaut");
        // The engine names the rule and what it threw (a JDK class's simple name), never a stack trace or a package.
        assertThat(logged.log()).doesNotContain("010190-999P", "\tat ", "java.lang.", "fi.tutka.internal");
    }

    @Test
    void aSinkFailureIs503RetryAndTheLogSaysWhyWithoutTheIdentityCode() {
        Logged logged = logged(() -> http.post("/v1/decisions", Decisions.discussion("f-sink-1", Decisions.OLDER)));

        assertThat(logged.answer().status()).isEqualTo(503);
        assertThat(logged.answer().contentType()).isEqualTo("application/problem+json");
        assertThat(logged.answer().body()).isEqualTo("{\"type\":\"urn:tutka:problem:sink-failure\",\"title\":"
                + "\"Records not durable\",\"status\":503,\"detail\":\"the records could not be made durable, so the "
                + "decision was not evaluated: retry it later\"}");
        assertThat(logged.log()).contains("POST /v1/decisions failed, answered 503: SINK_FAILURE: no space left "
                + "writing /var/lib/tutka/records (<identity code>)");
        assertClean(logged);
    }

    @Test
    void aLedgerFailureIs503Retry() {
        Logged logged = logged(() -> http.post("/v1/decisions", Decisions.inYouthTrial("f-ledger-1",
                Decisions.YOUNG)));

        assertThat(logged.answer().status()).isEqualTo(503);
        assertThat(logged.answer().body()).isEqualTo("{\"type\":\"urn:tutka:problem:ledger-failure\",\"title\":"
                + "\"Allocation ledger unavailable\",\"status\":503,\"detail\":\"the trial allocation ledger could "
                + "not be read or written, so the decision was not evaluated: retry it later\"}");
        assertThat(logged.log()).contains("POST /v1/decisions failed, answered 503: LEDGER_FAILURE: ");
        assertClean(logged);
    }

    @Test
    void aBatchWhoseWriteFailsIs503AsAWhole() {
        Logged logged = logged(() -> http.post("/v1/decisions/batch", "[" + Decisions.discussion("f-batch-1",
                Decisions.OLDER) + ",{}]"));

        assertThat(logged.answer().status()).isEqualTo(503);
        assertThat(logged.answer().body()).contains("\"type\":\"urn:tutka:problem:sink-failure\"");
        assertClean(logged);
    }

    @Test
    void aFailingRuleIs500NamingNoClassOrValue() {
        Logged logged = logged(() -> http.post("/v1/decisions", Decisions.discussion("f-rule-1", Decisions.OLDER)
                .replace("\"service_code\":\"THK\"", "\"service_code\":\"BOOM\"")));

        assertThat(logged.answer().status()).isEqualTo(500);
        assertThat(logged.answer().body()).isEqualTo("{\"type\":\"urn:tutka:problem:rule-evaluation\",\"title\":"
                + "\"Rule failed\",\"status\":500,\"detail\":\"a rule failed on this decision, so it was not "
                + "evaluated; the service's log names the rule\"}");
        assertThat(logged.log()).contains("POST /v1/decisions failed, answered 500: RULE_EVALUATION: rule "
                + "'Fails on BOOM' (boom.drl) failed");
        assertClean(logged);
    }

    @Test
    void theLedgerBeingDownMakesReadinessDownButNotLiveness() {
        Logged logged = logged(() -> http.get("/health/readiness"));

        assertThat(logged.answer().status()).isEqualTo(503);
        assertThat(logged.answer().body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":{\"rules\":\""
                + engine.tutka().ruleCount() + " rules, version " + engine.tutka().rulesetVersion()
                + "\",\"ledger\":\"unreachable\",\"vault\":\"reachable\",\"sink\":\"reachable\"}}");
        assertThat(http.get("/health/liveness").status()).isEqualTo(200);
        assertClean(logged);
    }

    @Test
    void theTrialsAndAllocationsOfADownLedgerAre503() {
        Http.Answer trials = http.get("/v1/trials");
        Http.Answer allocations = http.get("/v1/allocations/" + "a".repeat(64));

        assertThat(trials.status()).isEqualTo(503);
        assertThat(trials.body()).contains("\"type\":\"urn:tutka:problem:ledger-failure\"")
                .doesNotContain("/var/lib", "010190-999P");
        assertThat(allocations.status()).isEqualTo(503);
        assertThat(allocations.body()).isEqualTo(trials.body());
    }
}
