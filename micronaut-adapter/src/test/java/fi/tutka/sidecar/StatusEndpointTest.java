package fi.tutka.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /}, the status page, with the bundled rules and {@code tutka.http.token} set, on 5 October 2026 while
 * both bundled trials recruit: after one accepted and one rejected decision it shows the exact counts.
 */
@MicronautTest
class StatusEndpointTest extends SidecarTest {
    static final String TOKEN = "status-token-for-tests";
    static final Instant NOW = Instant.parse("2026-10-05T10:00:00Z");

    @MockBean(Clock.class)
    Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    @Override
    Map<String, String> settings() {
        return Map.of("tutka.http.token", TOKEN);
    }

    @Test
    void afterAnAcceptedAndARejectedDecisionThePageHoldsTheExactCounts() {
        assertThat(http.post("/v1/decisions", Decisions.inYouthTrial("s-1", Decisions.YOUNG)).status())
                .isEqualTo(200);
        Http.Answer rejected = http.post("/v1/decisions",
                Decisions.discussion("s-2", Decisions.OLDER).replace("\"area\":\"179\"", "\"area\":\"17\""));
        assertThat(rejected.status()).isEqualTo(400);
        String arm = engine.ledger().allocations(engine.tutka().subject("179", Decisions.YOUNG)).get(0).arm();

        Http.Answer page = http.get("/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).isEqualTo("text/html; charset=utf-8");
        String html = page.body();
        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        assertThat(html).contains("<tr><th scope=\"row\">Ruleset version</th><td><code>"
                + engine.tutka().rulesetVersion() + "</code></td></tr>\n<tr><th scope=\"row\">Rules</th><td>"
                + engine.tutka().ruleCount() + "</td></tr>\n<tr><th scope=\"row\">Loaded at</th><td>"
                + engine.parts().loadedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                + " (UTC)</td></tr>\n<tr><th scope=\"row\">Rules folder</th><td>bundled rules</td></tr>\n");
        assertThat(html).contains("<h3>Reloads</h3>\n<p class=\"empty\">none since start</p>\n");
        assertThat(html).contains("<section id=\"evaluations\">\n<h2>Evaluations since start</h2>\n<table>\n"
                + "<thead><tr><th scope=\"col\">Verdict</th><th scope=\"col\" class=\"num\">Decisions</th></tr>"
                + "</thead>\n<tbody>\n"
                + "<tr><th scope=\"row\"><code>ALLOW</code></th><td class=\"num\">1</td></tr>\n"
                + "<tr><th scope=\"row\"><code>BLOCK</code></th><td class=\"num\">0</td></tr>\n"
                + "<tr><th scope=\"row\"><code>FLAG</code></th><td class=\"num\">0</td></tr>\n"
                + "</tbody>\n</table>\n</section>\n");
        assertThat(html).contains("<section id=\"rejections\">\n<h2>Rejected inputs since start</h2>\n<table>\n"
                + "<thead><tr><th scope=\"col\">Reason</th><th scope=\"col\" class=\"num\">Inputs</th></tr>"
                + "</thead>\n<tbody>\n"
                + "<tr><th scope=\"row\"><code>/area</code></th><td class=\"num\">1</td></tr>\n"
                + "</tbody>\n</table>\n</section>\n");
        // the youth trial: one client, in the arm the ledger holds
        assertThat(html).contains("<h3>youth-coaching-2026</h3>\n<p>Intensified coaching for young jobseekers · "
                + "recruiting · allocations: 1 · p = ");
        assertThat(html).contains("<svg id=\"trial-1-chart\" role=\"img\" aria-labelledby=\"trial-1-title\"");
        assertThat(html).contains("<tr><th scope=\"row\">" + arm + "</th><td class=\"num\">1</td>");
        // nothing loaded from elsewhere, no script, and never the identity codes
        assertThat(html).doesNotContain("<script", "http://", "https://", "src=", "href=", Decisions.YOUNG,
                Decisions.OLDER);
    }

    @Test
    void withoutTheTokenThePageIs401() {
        Http.Answer answer = http.withToken(null).get("/");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.body()).isEqualTo("{\"type\":\"urn:tutka:problem:unauthorized\",\"title\":"
                + "\"Unauthorized\",\"status\":401,\"detail\":\"send the service's token as Authorization: "
                + "Bearer <token>\"}");
    }
}
