package fi.tutka.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/rules} and {@code POST /v1/rules/reload} on a rules folder of its own ({@code tutka.rules=none}), not
 * watched: a broken edit is answered 422 with its error and the rules in use stay; a fixed one is put in use.
 */
@MicronautTest
class RulesEndpointTest extends SidecarTest {
    static final Instant NOW = Instant.parse("2026-10-05T10:00:00Z");
    /** The error of {@link RuleFiles#writeBroken}, as JSON writes it. */
    static final String ERROR = "broken.drl:6:21: [ERR 101] no viable alternative at input ')' in rule \\\"Broken\\\" "
            + "hint: '>' must be followed by a value or a condition before ')'";

    final Path rules = dir.resolve("rules");

    @MockBean(Clock.class)
    Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    @Override
    Map<String, String> settings() {
        RuleFiles.writeGeneration(rules, 1);
        return Map.of("tutka.rules", "none", "tutka.rules.dir", rules.toString(), "tutka.rules.watch", "false");
    }

    @Test
    void aBrokenReloadIs422WithItsErrorAndTheOldRulesStayThenAFixedOneIsInUse() throws Exception {
        String first = engine.tutka().rulesetVersion();
        assertThat(first).matches("gen-1\\+[0-9a-f]{12}");

        Http.Answer status = http.get("/v1/rules");

        assertThat(status.status()).isEqualTo(200);
        assertThat(status.contentType()).isEqualTo("application/json");
        assertThat(status.body()).isEqualTo("{\"version\":\"" + first + "\",\"rule_count\":1,\"trials\":[],"
                + "\"loaded_at\":\"2026-10-05T10:00:00Z\",\"folder\":" + json(rules.toString()) + ","
                + "\"watched\":false,\"reloads\":[]}");

        RuleFiles.writeBroken(rules);
        Http.Answer broken = http.post("/v1/rules/reload", "");

        assertThat(broken.status()).isEqualTo(422);
        assertThat(broken.contentType()).isEqualTo("application/problem+json");
        assertThat(broken.body()).isEqualTo("{\"type\":\"urn:tutka:problem:rules-compile\",\"title\":\"Rules do "
                + "not compile\",\"status\":422,\"detail\":\"the rules did not load (1 error), so the rules in use "
                + "stay: fix the files and reload again\",\"rule_errors\":[\"" + ERROR + "\"]}");
        assertThat(engine.tutka().rulesetVersion()).isEqualTo(first);
        assertThat(http.post("/v1/decisions", Decisions.discussion("R-1", Decisions.YOUNG)).body())
                .contains("\"tags\":{\"generation\":\"1\"}");

        assertThat(http.get("/v1/rules").body()).isEqualTo("{\"version\":\"" + first + "\",\"rule_count\":1,"
                + "\"trials\":[],\"loaded_at\":\"2026-10-05T10:00:00Z\",\"folder\":" + json(rules.toString())
                + ",\"watched\":false,\"reloads\":[{\"at\":\"2026-10-05T10:00:00Z\",\"trigger\":\"api\","
                + "\"outcome\":\"failed\",\"version_before\":\"" + first + "\",\"version_after\":\"" + first + "\","
                + "\"load_millis\":" + loadMillis(http.get("/v1/rules").body(), 0) + ",\"errors\":[\"" + ERROR
                + "\"]}]}");

        Files.delete(rules.resolve("broken.drl"));
        RuleFiles.writeGeneration(rules, 2);
        Http.Answer fixed = http.post("/v1/rules/reload", "");

        String second = engine.tutka().rulesetVersion();
        assertThat(second).matches("gen-2\\+[0-9a-f]{12}");
        assertThat(fixed.status()).isEqualTo(200);
        assertThat(fixed.body()).isEqualTo("{\"version\":\"" + second + "\",\"rule_count\":1,\"trials\":[],"
                + "\"loaded_at\":\"2026-10-05T10:00:00Z\",\"folder\":" + json(rules.toString()) + ","
                + "\"watched\":false,\"reloads\":[{\"at\":\"2026-10-05T10:00:00Z\",\"trigger\":\"api\","
                + "\"outcome\":\"ok\",\"version_before\":\"" + first + "\",\"version_after\":\"" + second + "\","
                + "\"load_millis\":" + loadMillis(fixed.body(), 0) + "},{\"at\":\"2026-10-05T10:00:00Z\","
                + "\"trigger\":\"api\",\"outcome\":\"failed\",\"version_before\":\"" + first + "\","
                + "\"version_after\":\"" + first + "\",\"load_millis\":" + loadMillis(fixed.body(), 1)
                + ",\"errors\":[\"" + ERROR + "\"]}]}");
        assertThat(http.post("/v1/decisions", Decisions.discussion("R-2", Decisions.YOUNG)).body())
                .contains("\"tags\":{\"generation\":\"2\"}");

        String metrics = http.get("/prometheus").body();
        assertThat(metrics).contains("tutka_rules_reloads_total{outcome=\"ok\"} 1.0\n")
                .contains("tutka_rules_reloads_total{outcome=\"failed\"} 1.0\n")
                // the sink's lag: two decisions, two appends, none waiting now
                .contains("tutka_sink_append_seconds_count 2\n", "tutka_sink_pending_records 0.0\n");
    }

    /** The {@code n}th load time in a status, which the test cannot know beforehand. */
    static String loadMillis(String body, int n) {
        int at = -1;
        for (int i = 0; i <= n; i++) {
            at = body.indexOf("\"load_millis\":", at + 1);
        }
        int start = at + "\"load_millis\":".length();
        int end = start;
        while (Character.isDigit(body.charAt(end))) {
            end++;
        }
        assertThat(end).isGreaterThan(start);
        return body.substring(start, end);
    }

    static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
