package fi.tutka.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The watched rules folder: an edit is in use within seconds; a broken edit leaves the rules in use, its error listed. */
@MicronautTest
class RulesWatchTest extends SidecarTest {
    static final Duration DEADLINE = Duration.ofSeconds(10);

    final Path rules = dir.resolve("rules");

    @Inject
    RulesWatcher watcher;

    @Override
    Map<String, String> settings() {
        RuleFiles.writeGeneration(rules, 1);
        return Map.of("tutka.rules", "none", "tutka.rules.dir", rules.toString());
    }

    /** After {@link SidecarTest#ready}: the engine is built. */
    @BeforeAll
    void watching() throws InterruptedException {
        assertThat(watcher.awaitWatching(DEADLINE.toMillis())).isTrue();
    }

    @Test
    void anEditIsInUseWithinSecondsAndABrokenOneLeavesTheRulesInUseWithItsErrorListed() throws Exception {
        String first = engine.tutka().rulesetVersion();
        assertThat(first).startsWith("gen-1+");
        assertThat(http.get("/v1/rules").body()).contains("\"watched\":true,\"reloads\":[]}");

        RuleFiles.writeGeneration(rules, 2);

        String status = await(body -> body.startsWith("{\"version\":\"gen-2+"));
        String second = engine.tutka().rulesetVersion();
        // the VERSION file and tags.drl, saved one after the other, are one reload
        assertThat(status).contains("\"reloads\":[{\"at\":\"").doesNotContain("},{\"at\"")
                .contains("\"trigger\":\"watch\",\"outcome\":\"ok\",\"version_before\":\"" + first
                        + "\",\"version_after\":\"" + second + "\"");
        assertThat(http.post("/v1/decisions", Decisions.discussion("W-1", Decisions.YOUNG)).body())
                .contains("\"tags\":{\"generation\":\"2\"}");

        RuleFiles.writeBroken(rules);

        status = await(body -> body.contains("\"outcome\":\"failed\""));
        assertThat(status).startsWith("{\"version\":\"" + second + "\",")
                .contains("\"trigger\":\"watch\",\"outcome\":\"failed\",\"version_before\":\"" + second
                        + "\",\"version_after\":\"" + second + "\"")
                .contains("\"errors\":[\"" + RulesEndpointTest.ERROR + "\"]}");
        assertThat(engine.tutka().rulesetVersion()).isEqualTo(second);
        assertThat(http.post("/v1/decisions", Decisions.discussion("W-2", Decisions.YOUNG)).body())
                .contains("\"tags\":{\"generation\":\"2\"}");

        Files.delete(rules.resolve("broken.drl"));
        // the broken file gone, the folder is what it was: reloaded, the same version
        status = await(body -> countOf(body, "\"outcome\":") == 3);
        assertThat(status).startsWith("{\"version\":\"" + second + "\",").contains("\"reloads\":[{\"at\":\"")
                .contains("\"trigger\":\"watch\",\"outcome\":\"ok\",\"version_before\":\"" + second
                        + "\",\"version_after\":\"" + second + "\"");
        assertThat(http.get("/prometheus").body()).contains("tutka_rules_reloads_total{outcome=\"ok\"} 2.0\n")
                .contains("tutka_rules_reloads_total{outcome=\"failed\"} 1.0\n");
    }

    /** {@code GET /v1/rules} until its body is as wanted, or fails at the deadline. */
    String await(Predicate<String> wanted) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        String body;
        do {
            body = http.get("/v1/rules").body();
            if (wanted.test(body)) {
                return body;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < end);
        assertThat(body).as("/v1/rules after " + DEADLINE.toSeconds() + " s").matches(wanted);
        return body;
    }

    static int countOf(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
