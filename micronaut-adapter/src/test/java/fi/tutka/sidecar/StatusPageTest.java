package fi.tutka.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The status page's text is escaped: a reload's error lines and a rejection's reason may hold {@code <} or {@code &}. */
class StatusPageTest {
    static final Instant AT = Instant.parse("2026-10-05T10:00:00Z");

    @Test
    void errorsAndReasonsAreEscaped() {
        RulesStatus rules = new RulesStatus("v<1>&2", 3, List.of(), AT, "/rules/a&b", true, List.of(
                new RulesStatus.Reload(AT, "watch", "failed", "v<1>&2", "v<1>&2", 12,
                        List.of("broken.drl:6:21: age < & \"x\" 'y'"))));
        TreeMap<String, Long> rejections = new TreeMap<>();
        rejections.put("/client/<b>&", 2L);

        String html = StatusPage.render(new StatusPage.Data(rules, List.of(), List.of(), new TreeMap<>(), rejections,
                AT));

        assertThat(html).contains("<tr><th scope=\"row\">Ruleset version</th><td><code>v&lt;1&gt;&amp;2</code></td>"
                + "</tr>\n");
        assertThat(html).contains("<tr><th scope=\"row\">Rules folder</th><td><code>/rules/a&amp;b</code> (watched)"
                + "</td></tr>\n");
        assertThat(html).contains("<tr><td>2026-10-05T10:00:00Z</td><td>watch</td><td>failed</td>"
                + "<td><code>v&lt;1&gt;&amp;2</code></td><td><code>v&lt;1&gt;&amp;2</code></td><td class=\"num\">12"
                + "</td><td><ul class=\"errors\"><li><code>broken.drl:6:21: age &lt; &amp; &quot;x&quot; &#39;y&#39;"
                + "</code></li></ul></td></tr>\n");
        assertThat(html).contains("<tr><th scope=\"row\"><code>/client/&lt;b&gt;&amp;</code></th><td class=\"num\">2"
                + "</td></tr>\n");
        assertThat(html).contains("<p class=\"note\">No trial is loaded.</p>\n");
        assertThat(html).doesNotContain("<b>", "a&b", "age <");
    }
}
