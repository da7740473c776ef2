package fi.tutka.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/**
 * The summary page. The golden page {@code src/test/resources/fi/tutka/golden/summary.html} is written anew from
 * {@link SummaryFixtures#small()} (and the test then passes) when the system property {@code tutka.golden.update}
 * is {@code true}:
 *
 * <pre>
 * mvn -B -pl core test -Dtest=SummaryPageTest -Dtutka.golden.update=true
 * </pre>
 *
 * Look at the difference with {@code git diff} before committing it.
 */
class SummaryPageTest {
    private static final String GOLDEN = "/fi/tutka/golden/summary.html";
    private static final Pattern SVG = Pattern.compile("<svg id=\"([a-z0-9-]+)-chart\".*?</svg>", Pattern.DOTALL);
    private static final Pattern BAR_WIDTH = Pattern.compile("<rect class=\"bar\" [^>]*width=\"([0-9.]+)\"");
    private static final Pattern SEGMENT = Pattern.compile(
            "<rect class=\"segment\" x=\"([0-9.]+)\" y=\"([0-9.]+)\" width=\"([0-9.]+)\" height=\"([0-9.]+)\"");

    static String render(SummaryData data) {
        StringWriter out = new StringWriter();
        try {
            SummaryPage.write(data, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Test
    void smallDeliveryMatchesTheGoldenPage() throws IOException {
        String page = render(SummaryFixtures.small());
        if (Boolean.getBoolean("tutka.golden.update")) {
            Files.writeString(Path.of("src/test/resources" + GOLDEN), page, StandardCharsets.UTF_8);
            return;
        }
        String golden;
        try (InputStream in = SummaryPageTest.class.getResourceAsStream(GOLDEN)) {
            assertThat(in).as(GOLDEN).isNotNull();
            // stored with LF; normalised in case a checkout converted line ends
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        }
        assertThat(page).isEqualTo(golden);
    }

    @Test
    void samePageForTheSameDataWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        String page = render(SummaryFixtures.realistic());
        try {
            for (Locale locale : List.of(Locale.forLanguageTag("fi-FI"), Locale.forLanguageTag("ar-EG-u-nu-arab"),
                    Locale.forLanguageTag("de-CH"))) {
                Locale.setDefault(locale);
                assertThat(render(SummaryFixtures.realistic())).as(locale.toLanguageTag()).isEqualTo(page);
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void isOneSelfContainedPage() {
        String page = render(SummaryFixtures.realistic());

        assertThat(page).startsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .contains("<title>Tutka delivery 179 2026H1</title>", "<h1>Tutka delivery 179 2026H1</h1>",
                        "<style>")
                .endsWith("</html>\n");
        assertThat(page.toLowerCase(Locale.ROOT)).doesNotContain("<script", "<link", "<img", "http:", "https:",
                "@import", "@font-face", "url(http", "javascript:");
        // every svg chart names itself, and every svg is well-formed XML (so every text in it was escaped)
        Matcher charts = SVG.matcher(page);
        int count = 0;
        while (charts.find()) {
            count++;
            String svg = charts.group();
            assertThat(svg).contains("role=\"img\"", "aria-labelledby=\"" + charts.group(1) + "-title\"",
                    "<title id=\"" + charts.group(1) + "-title\">");
            assertWellFormed(svg);
        }
        // decisions, episodes, cost, two trials, two kinds of flags
        assertThat(count).isEqualTo(7);
    }

    @Test
    void escapesEveryText() {
        String nasty = "a<&\">'b";
        SortedMap<YearMonth, SortedMap<String, Long>> decisions = new TreeMap<>();
        decisions.put(YearMonth.of(2026, 3), new TreeMap<>(Map.of(nasty, 2L)));
        SummaryData data = new SummaryData("<179>", "2026H1&x", new TreeSet<>(List.of("v<1>")), 1, 1, 1, decisions,
                new TreeMap<>(Map.of(nasty, 1L)), new TreeMap<>(Map.of(nasty, BigDecimal.TEN)),
                List.of(new SummaryData.TrialArms("t<&\">", List.of(new SummaryData.Arm(nasty, 1, 1.0)), 0,
                        Double.NaN)),
                new TreeMap<>(Map.of(nasty, 1L)), new TreeMap<>(Map.of(nasty, 1L)));

        String page = render(data);

        assertThat(page).doesNotContain(nasty, "<179>", "2026H1&x", "v<1>", "t<&\">")
                .contains("a&lt;&amp;&quot;&gt;&#39;b", "<title>Tutka delivery &lt;179&gt; 2026H1&amp;x</title>",
                        "<code>v&lt;1&gt;</code>", "<h3>t&lt;&amp;&quot;&gt;</h3>", "p = n/a");
        Matcher charts = SVG.matcher(page);
        while (charts.find()) {
            assertWellFormed(charts.group());
        }
        assertThat(SummaryPage.escape("plain")).isEqualTo("plain");
        assertThat(SummaryPage.escape("<&\">'")).isEqualTo("&lt;&amp;&quot;&gt;&#39;");
    }

    @Test
    void emptyDeliveryRendersWithoutNaNOrInfinity() {
        String page = render(SummaryFixtures.empty());

        assertThat(page).doesNotContainIgnoringCase("nan").doesNotContain("Infinity", "<svg", "-chart");
        assertThat(page).contains("<h1>Tutka delivery 837 2025H2</h1>",
                "<tr><th scope=\"row\">Rows of events.csv</th><td class=\"num\">0</td></tr>",
                "<tr><th scope=\"row\">Ruleset versions</th><td>none</td></tr>",
                "No trial allocated clients in this period.");
        assertThat(occurrences(page, "<p class=\"empty\">no data</p>")).isEqualTo(3);
        assertThat(occurrences(page, "<p class=\"empty\">none</p>")).isEqualTo(2);
    }

    @Test
    void zeroFiguresDrawNoBarAndNoNaN() {
        SortedMap<YearMonth, SortedMap<String, Long>> decisions = new TreeMap<>();
        decisions.put(YearMonth.of(2026, 1), new TreeMap<>(Map.of("coaching", 0L)));
        SummaryData data = new SummaryData("179", "2026H1", new TreeSet<>(), 0, 1, 0, decisions,
                new TreeMap<>(Map.of("coaching", 0L)), new TreeMap<>(Map.of("coaching", BigDecimal.ZERO)),
                List.of(new SummaryData.TrialArms("t", List.of(new SummaryData.Arm("a", 0, 0.5),
                        new SummaryData.Arm("b", 0, 0.5)), 0, Double.NaN)),
                new TreeMap<>(Map.of("missing_cost", 0L)), new TreeMap<>());

        String page = render(data);

        assertThat(page).doesNotContainIgnoringCase("nan").doesNotContain("Infinity", "class=\"mark\"");
        assertThat(widths(page, "episodes")).containsExactly("0");
        assertThat(widths(page, "cost")).containsExactly("0");
        assertThat(widths(page, "trial-1")).containsExactly("0", "0");
        assertThat(page).contains("<section id=\"decisions\">\n<h2>Decisions per month by service class</h2>\n"
                + "<p class=\"empty\">no data</p>", "<td class=\"num\">0.00</td>", "p = n/a");
    }

    @Test
    void barWidthsAreProportionalAndTheLargestFillsTheBarArea() {
        SummaryData data = new SummaryData("179", "2026H1", new TreeSet<>(), 0, 0, 0, new TreeMap<>(),
                new TreeMap<>(Map.of("a", 30L, "b", 20L, "c", 10L, "d", 0L, "e", 1L)),
                new TreeMap<>(Map.of("a", new BigDecimal("1000.00"), "b", new BigDecimal("250.50"),
                        "c", new BigDecimal("0.01"))),
                List.of(new SummaryData.TrialArms("t", List.of(new SummaryData.Arm("control", 60, 0.25),
                        new SummaryData.Arm("treated", 140, 0.75)), 0, 0.123456)),
                new TreeMap<>(Map.of("x", 3L, "y", 7L)), new TreeMap<>(Map.of("z", 5L)));

        String page = render(data);

        assertThat(SummaryPage.BAR_AREA).isEqualTo(440);
        assertThat(widths(page, "episodes")).containsExactly("440", "293.33", "146.67", "0", "14.67");
        // 250.50 / 1000 * 440 = 110.22; 0.01 / 1000 * 440 = 0.0044, to two decimals 0
        assertThat(widths(page, "cost")).containsExactly("440", "110.22", "0");
        // expected counts 50 and 150: the largest of counts and marks (150) fills the area
        assertThat(widths(page, "trial-1")).containsExactly("176", "410.67");
        assertThat(page).contains("<line class=\"mark\" x1=\"366.67\" y1=\"7\" x2=\"366.67\" y2=\"29\"",
                "<line class=\"mark\" x1=\"660\" y1=\"31\" x2=\"660\" y2=\"53\"", "p = 0.123");
        assertThat(widths(page, "quality-flags")).containsExactly("188.57", "440");
        assertThat(widths(page, "episode-flags")).containsExactly("440");
    }

    @Test
    void stackedColumnsAreProportionalAndTheTallestFillsThePlot() {
        String page = render(SummaryFixtures.small());

        List<String[]> segments = new ArrayList<>();
        Matcher matcher = SEGMENT.matcher(page);
        while (matcher.find()) {
            segments.add(new String[] {matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4)});
        }
        // January 12 + 3 + 1 = 16 is the tallest: 240 high, from y 20 to 260; February 8 + 6 = 14. Two slots of
        // 350, columns 72 wide in their middles
        assertThat(SummaryPage.PLOT_HEIGHT).isEqualTo(240);
        assertThat(segments).containsExactly(
                new String[] {"203", "80", "72", "180"},
                new String[] {"203", "35", "72", "45"},
                new String[] {"203", "20", "72", "15"},
                new String[] {"553", "140", "72", "120"},
                new String[] {"553", "50", "72", "90"});
    }

    @Test
    void everyClassKeepsOneFillAcrossChartsForFortyClassesAndTwelveMonths() {
        SortedMap<YearMonth, SortedMap<String, Long>> decisions = new TreeMap<>();
        SortedMap<String, Long> episodes = new TreeMap<>();
        for (int month = 1; month <= 12; month++) {
            SortedMap<String, Long> byClass = new TreeMap<>();
            for (int i = 0; i < 40; i++) {
                byClass.put(String.format(Locale.ROOT, "class_%02d", i), (long) (i + month));
            }
            decisions.put(YearMonth.of(2025, month), byClass);
        }
        for (int i = 0; i < 40; i++) {
            episodes.put(String.format(Locale.ROOT, "class_%02d", i), (long) i * 3);
        }
        SummaryData data = new SummaryData("179", "2025", new TreeSet<>(), 1, 1, 0, decisions, episodes,
                new TreeMap<>(), List.of(), new TreeMap<>(), new TreeMap<>());

        String page = render(data);

        assertThat(page).doesNotContainIgnoringCase("nan");
        for (int i = 8; i < 40; i++) {
            assertThat(occurrences(page, "<pattern id=\"fill-" + i + "\"")).as("pattern %d", i).isEqualTo(1);
        }
        assertThat(page).doesNotContain("fill-40");
        // class_09 is the second class of the second round: sky blue under stripes, in the columns, the legend
        // and the episodes chart
        assertThat(page).contains("<pattern id=\"fill-9\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
                + "<rect width=\"6\" height=\"6\" fill=\"#56B4E9\"/>");
        assertThat(occurrences(page, "fill=\"url(#fill-9)\"")).isEqualTo(12 + 1 + 1);
        assertThat(occurrences(page, "<rect class=\"segment\"")).isEqualTo(12 * 40);
        assertThat(occurrences(page, "<rect class=\"swatch\"")).isEqualTo(40);
        assertThat(widths(page, "episodes")).hasSize(40).endsWith("440");
        Matcher charts = SVG.matcher(page);
        while (charts.find()) {
            assertWellFormed(charts.group());
        }
    }

    @Test
    void formatsNumbersTheSameEverywhere() {
        assertThat(SummaryPage.count(0)).isEqualTo("0");
        assertThat(SummaryPage.count(999)).isEqualTo("999");
        assertThat(SummaryPage.count(1000)).isEqualTo("1\u202F000");
        assertThat(SummaryPage.count(1234567)).isEqualTo("1\u202F234\u202F567");
        assertThat(SummaryPage.euros(new BigDecimal("1234567.8"))).isEqualTo("1\u202F234\u202F567.80");
        assertThat(SummaryPage.euros(new BigDecimal("0.005"))).isEqualTo("0.00");
        assertThat(SummaryPage.euros(new BigDecimal("-1234.5"))).isEqualTo("-1\u202F234.50");
        assertThat(SummaryPage.euros(new BigDecimal("-123.5"))).isEqualTo("-123.50");
        assertThat(SummaryPage.pValue(0.70912)).isEqualTo("p = 0.709");
        assertThat(SummaryPage.pValue(1)).isEqualTo("p = 1.000");
        assertThat(SummaryPage.pValue(0.0004)).isEqualTo("p &lt; 0.001");
        assertThat(SummaryPage.pValue(Double.NaN)).isEqualTo("p = n/a");
        assertThat(SummaryPage.percent(1.0 / 3)).isEqualTo("33.3%");
        assertThat(SummaryPage.tickStep(1)).isEqualTo(1);
        assertThat(SummaryPage.tickStep(16)).isEqualTo(5);
        assertThat(SummaryPage.tickStep(5240)).isEqualTo(2000);
    }

    @Test
    void refusesImpossibleFigures() {
        assertThatThrownBy(() -> new SummaryData("179", "2026H1", new TreeSet<>(), -1, 0, 0, new TreeMap<>(),
                new TreeMap<>(), new TreeMap<>(), List.of(), new TreeMap<>(), new TreeMap<>()))
                .hasMessage("events is -1, must be 0 or more");
        assertThatThrownBy(() -> new SummaryData.Arm("control", 1, 1.5))
                .hasMessage("expectedShare of arm control is 1.5, must be 0..1 or NaN");
        assertThatThrownBy(() -> new SummaryData.TrialArms("t", List.of(), 0, 2))
                .hasMessage("pValue of t is 2.0, must be 0..1 or NaN");
        assertThatThrownBy(() -> new SummaryData("179", "2026H1", new TreeSet<>(), 0, 0, 0, new TreeMap<>(),
                new TreeMap<>(Map.of("coaching", -2L)), new TreeMap<>(), List.of(), new TreeMap<>(),
                new TreeMap<>()))
                .hasMessage("episodesByClass coaching is -2, must be 0 or more");
    }

    /** The widths of the bars of the chart {@code <id>-chart}, in order. */
    static List<String> widths(String page, String id) {
        Matcher charts = SVG.matcher(page);
        while (charts.find()) {
            if (charts.group(1).equals(id)) {
                List<String> widths = new ArrayList<>();
                Matcher bar = BAR_WIDTH.matcher(charts.group());
                while (bar.find()) {
                    widths.add(bar.group(1));
                }
                return widths;
            }
        }
        throw new AssertionError("no chart " + id);
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private static void assertWellFormed(String svg) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed: " + e.getMessage() + "\n" + svg, e);
        }
    }
}
