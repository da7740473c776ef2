package fi.tutka.delivery;

import fi.tutka.internal.BarCharts;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Writes a delivery's {@code summary.html}: one self-contained HTML5 page for the data steward, with inline CSS and
 * charts drawn here as inline SVG (no script, no external font, image or link), so that it shows the same offline
 * as anywhere. The same data gives the same bytes: nothing depends on the clock, chance or the default locale.
 *
 * <p>Every service class has one fill in every chart: the Okabe–Ito colours in the classes' sorted order, and past
 * the eighth class the same colours again overlaid with white stripes, dots, bars or a grid. The largest bar of a
 * chart takes its full length; a chart without data says so instead.
 */
final class SummaryPage {
    /** Okabe–Ito, colour-blind safe; black last, since the page's text is nearly black. */
    static final List<String> PALETTE = List.of("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
            "#CC79A7", "#000000");
    /** Bars that are no service class: trial arms and flags. */
    static final String NEUTRAL = BarCharts.NEUTRAL;
    /** The expected-share mark on a trial's arms. */
    static final String MARK = BarCharts.MARK;
    /** Solid, then white stripes, dots, bars and a grid over the colour. */
    private static final int OVERLAYS = 5;

    // horizontal bar charts: label column, bar area, room for the value, row pitch
    static final int WIDTH = BarCharts.WIDTH;
    static final int LABEL_WIDTH = BarCharts.LABEL_WIDTH;
    static final int BAR_AREA = BarCharts.BAR_AREA;

    // the stacked chart: plot area and the widest bar
    private static final int PLOT_LEFT = 64;
    private static final int PLOT_WIDTH = 700;
    private static final int PLOT_TOP = 20;
    static final int PLOT_HEIGHT = 240;
    private static final BigDecimal MAX_COLUMN = BigDecimal.valueOf(72);

    private static final String STYLE = BarCharts.style("tr.total th,tr.total td{font-weight:bold}",
            ".scroll{overflow-x:auto}",
            ".legend{list-style:none;padding:0;margin:.4em 0;display:flex;flex-wrap:wrap;gap:.2em 1.2em}",
            ".legend li{display:flex;align-items:center;gap:.4em}",
            ".legend svg{display:inline-block}");

    private final SummaryData data;
    private final Map<String, String> fills = new TreeMap<>();
    private final StringBuilder html = new StringBuilder(1 << 15);

    private SummaryPage(SummaryData data) {
        this.data = data;
        SortedSet<String> classes = new TreeSet<>();
        data.decisionsByMonthAndClass().values().forEach(byClass -> classes.addAll(byClass.keySet()));
        classes.addAll(data.episodesByClass().keySet());
        classes.addAll(data.costByClass().keySet());
        int index = 0;
        for (String serviceClass : classes) {
            fills.put(serviceClass, fill(index++));
        }
    }

    /** Writes the page for {@code data} to {@code out} (which the caller encodes as UTF-8 and closes). */
    static void write(SummaryData data, Writer out) throws IOException {
        out.write(new SummaryPage(data).render());
    }

    /** The fill of the class at {@code index} in sorted order: a colour, or a pattern defined by the page. */
    static String fill(int index) {
        return index < PALETTE.size() ? PALETTE.get(index) : "url(#fill-" + index + ")";
    }

    private String render() {
        String title = "Tutka delivery " + data.area() + " " + data.period();
        line("<!DOCTYPE html>");
        line("<html lang=\"en\">");
        line("<head>");
        line("<meta charset=\"utf-8\">");
        line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        line("<title>" + escape(title) + "</title>");
        line("<style>");
        line(STYLE);
        line("</style>");
        line("</head>");
        line("<body>");
        patterns();
        line("<h1>" + escape(title) + "</h1>");
        facts();
        decisions();
        byClass("episodes", "Episodes per service class", "Episodes", data.episodesByClass(), SummaryPage::count);
        byClass("cost", "Cost per service class (EUR)", "Cost, EUR", data.costByClass(), SummaryPage::euros);
        trials();
        flags("quality-flags", "Data-quality flags on events", "Events", data.qualityFlags());
        flags("episode-flags", "Episode flags", "Episodes", data.episodeFlags());
        line("<footer>Every figure comes from this delivery's own files: events.csv, episodes.csv and "
                + "allocations.csv.</footer>");
        line("</body>");
        line("</html>");
        return html.toString();
    }

    /** Defines the patterns of the classes past the palette's length, once for the page. */
    private void patterns() {
        if (fills.size() <= PALETTE.size()) {
            return;
        }
        line("<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\" focusable=\"false\">"
                + "<defs>");
        for (int index = PALETTE.size(); index < fills.size(); index++) {
            String colour = PALETTE.get(index % PALETTE.size());
            String overlay;
            switch ((index / PALETTE.size()) % OVERLAYS) {
                case 1:
                    overlay = "<path d=\"M-1 1L1 -1M0 6L6 0M5 7L7 5\" stroke=\"#fff\" stroke-width=\"1.5\"/>";
                    break;
                case 2:
                    overlay = "<circle cx=\"3\" cy=\"3\" r=\"1.3\" fill=\"#fff\"/>";
                    break;
                case 3:
                    overlay = "<rect width=\"6\" height=\"2\" fill=\"#fff\"/>";
                    break;
                case 4:
                    overlay = "<path d=\"M3 0V6M0 3H6\" stroke=\"#fff\" stroke-width=\"1.2\"/>";
                    break;
                default:
                    overlay = "<rect width=\"2\" height=\"6\" fill=\"#fff\"/>";
                    break;
            }
            line("<pattern id=\"fill-" + index + "\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
                    + "<rect width=\"6\" height=\"6\" fill=\"" + colour + "\"/>" + overlay + "</pattern>");
        }
        line("</defs></svg>");
    }

    private void facts() {
        line("<table class=\"facts\">");
        line("<caption>The delivery</caption>");
        line("<tbody>");
        factRow("Area", escape(data.area()), false);
        factRow("Period", escape(data.period()), false);
        factRow("Rows of events.csv", count(data.events()), true);
        factRow("Rows of episodes.csv", count(data.episodes()), true);
        factRow("Rows of allocations.csv", count(data.allocations()), true);
        StringBuilder versions = new StringBuilder();
        for (String version : data.rulesetVersions()) {
            versions.append(versions.length() == 0 ? "" : "<br>").append("<code>").append(escape(version))
                    .append("</code>");
        }
        factRow("Ruleset versions", versions.length() == 0 ? "none" : versions.toString(), false);
        line("</tbody>");
        line("</table>");
    }

    private void factRow(String name, String valueHtml, boolean number) {
        line("<tr><th scope=\"row\">" + name + "</th><td" + (number ? " class=\"num\"" : "") + ">" + valueHtml
                + "</td></tr>");
    }

    /** Decisions per month, one column a month, stacked by class, and the same numbers as a table. */
    private void decisions() {
        String title = "Decisions per month by service class";
        line("<section id=\"decisions\">");
        line("<h2>" + title + "</h2>");
        SortedMap<YearMonth, SortedMap<String, Long>> months = data.decisionsByMonthAndClass();
        SortedSet<String> classes = new TreeSet<>();
        months.values().forEach(byClass -> classes.addAll(byClass.keySet()));
        long max = 0;
        for (SortedMap<String, Long> byClass : months.values()) {
            max = Math.max(max, sum(byClass.values()));
        }
        if (max == 0) {
            line("<p class=\"empty\">no data</p>");
            line("</section>");
            return;
        }
        int height = PLOT_TOP + PLOT_HEIGHT + 32;
        line("<svg id=\"decisions-chart\" role=\"img\" aria-labelledby=\"decisions-title\" width=\"" + WIDTH
                + "\" height=\"" + height + "\" viewBox=\"0 0 " + WIDTH + " " + height + "\">");
        line("<title id=\"decisions-title\">" + title + ": service events of type decision per Helsinki month, "
                + "one column a month, stacked by service class</title>");
        int bottom = PLOT_TOP + PLOT_HEIGHT;
        long step = tickStep(max);
        for (long tick = 0; tick <= max; tick += step) {
            String y = coordinate(BigDecimal.valueOf(bottom).subtract(scale(tick, max, PLOT_HEIGHT)));
            line("<line x1=\"" + PLOT_LEFT + "\" y1=\"" + y + "\" x2=\"" + (PLOT_LEFT + PLOT_WIDTH) + "\" y2=\"" + y
                    + "\" stroke=\"" + (tick == 0 ? "#888" : "#e0e0e0") + "\"/>");
            line("<text x=\"" + (PLOT_LEFT - 6) + "\" y=\"" + y + "\" dy=\"4\" text-anchor=\"end\">" + count(tick)
                    + "</text>");
        }
        BigDecimal slot = BigDecimal.valueOf(PLOT_WIDTH).divide(BigDecimal.valueOf(months.size()), 4,
                RoundingMode.HALF_EVEN);
        BigDecimal column = slot.multiply(new BigDecimal("0.6")).min(MAX_COLUMN).setScale(2, RoundingMode.HALF_EVEN);
        int index = 0;
        for (Map.Entry<YearMonth, SortedMap<String, Long>> month : months.entrySet()) {
            BigDecimal left = BigDecimal.valueOf(PLOT_LEFT).add(slot.multiply(BigDecimal.valueOf(index++)));
            String x = coordinate(left.add(slot.subtract(column).divide(BigDecimal.valueOf(2))));
            String centre = coordinate(left.add(slot.divide(BigDecimal.valueOf(2))));
            long below = 0;
            for (Map.Entry<String, Long> segment : month.getValue().entrySet()) {
                if (segment.getValue() == 0) {
                    continue;
                }
                BigDecimal lower = BigDecimal.valueOf(bottom).subtract(scale(below, max, PLOT_HEIGHT));
                below += segment.getValue();
                BigDecimal upper = BigDecimal.valueOf(bottom).subtract(scale(below, max, PLOT_HEIGHT));
                line("<rect class=\"segment\" x=\"" + x + "\" y=\"" + coordinate(upper) + "\" width=\""
                        + coordinate(column) + "\" height=\"" + coordinate(lower.subtract(upper)) + "\" fill=\""
                        + fills.get(segment.getKey()) + "\"><title>" + month.getKey() + " " + escape(segment.getKey())
                        + ": " + count(segment.getValue()) + "</title></rect>");
            }
            String top = coordinate(BigDecimal.valueOf(bottom).subtract(scale(below, max, PLOT_HEIGHT)));
            line("<text class=\"value\" x=\"" + centre + "\" y=\"" + top + "\" dy=\"-4\" text-anchor=\"middle\">"
                    + count(below) + "</text>");
            line("<text x=\"" + centre + "\" y=\"" + bottom + "\" dy=\"18\" text-anchor=\"middle\">" + month.getKey()
                    + "</text>");
        }
        line("</svg>");
        line("<ul class=\"legend\" aria-label=\"Service classes\">");
        for (String serviceClass : classes) {
            line("<li><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect class=\"swatch\" width=\"12\" "
                    + "height=\"12\" fill=\"" + fills.get(serviceClass) + "\"/></svg>" + escape(serviceClass)
                    + "</li>");
        }
        line("</ul>");
        line("<div class=\"scroll\">");
        line("<table>");
        line("<caption>Decisions per month and service class</caption>");
        StringBuilder head = new StringBuilder("<thead><tr><th scope=\"col\">Service class</th>");
        months.keySet().forEach(month -> head.append("<th scope=\"col\" class=\"num\">").append(month).append("</th>"));
        line(head.append("<th scope=\"col\" class=\"num\">Total</th></tr></thead>").toString());
        line("<tbody>");
        for (String serviceClass : classes) {
            StringBuilder row = new StringBuilder("<tr><th scope=\"row\">").append(escape(serviceClass))
                    .append("</th>");
            long total = 0;
            for (SortedMap<String, Long> byClass : months.values()) {
                long value = byClass.getOrDefault(serviceClass, 0L);
                total += value;
                row.append("<td class=\"num\">").append(count(value)).append("</td>");
            }
            line(row.append("<td class=\"num\">").append(count(total)).append("</td></tr>").toString());
        }
        StringBuilder totals = new StringBuilder("<tr class=\"total\"><th scope=\"row\">Total</th>");
        long all = 0;
        for (SortedMap<String, Long> byClass : months.values()) {
            long total = sum(byClass.values());
            all += total;
            totals.append("<td class=\"num\">").append(count(total)).append("</td>");
        }
        line(totals.append("<td class=\"num\">").append(count(all)).append("</td></tr>").toString());
        line("</tbody>");
        line("</table>");
        line("</div>");
        line("</section>");
    }

    /** A horizontal bar chart and a table of one figure per service class. */
    private <N extends Number> void byClass(String id, String title, String column, SortedMap<String, N> values,
            Function<N, String> format) {
        line("<section id=\"" + id + "\">");
        line("<h2>" + escape(title) + "</h2>");
        List<BarCharts.Bar> bars = new ArrayList<>();
        values.forEach((serviceClass, value) -> bars.add(new BarCharts.Bar(serviceClass, decimal(value), format.apply(value),
                fills.get(serviceClass), null)));
        if (!BarCharts.chart(html, id, title, bars)) {
            line("</section>");
            return;
        }
        table(title, "Service class", column, bars);
        line("</section>");
    }

    private void trials() {
        line("<section id=\"trials\">");
        line("<h2>Trials</h2>");
        if (data.trials().isEmpty()) {
            line("<p class=\"note\">No trial allocated clients in this period.</p>");
            line("</section>");
            return;
        }
        line("<p>Clients allocated per arm in the period. The dark mark on each bar is the count the arm's share "
                + "of the allocation weights expects; the p-value is the chi-square test of the counts against those "
                + "shares (a small value suggests the allocation went wrong).</p>");
        int index = 0;
        for (SummaryData.TrialArms trial : data.trials()) {
            String id = "trial-" + ++index;
            line("<h3>" + escape(trial.trialId()) + "</h3>");
            line("<p>" + pValue(trial.pValue()) + " · corrections: " + count(trial.corrections()) + "</p>");
            List<BarCharts.Arm> arms = new ArrayList<>();
            for (SummaryData.Arm arm : trial.arms()) {
                arms.add(new BarCharts.Arm(arm.arm(), arm.allocated(), arm.expectedShare()));
            }
            BarCharts.trialArms(html, id, trial.trialId(), arms);
        }
        line("</section>");
    }

    private void flags(String id, String title, String column, SortedMap<String, Long> counts) {
        line("<section id=\"" + id + "\">");
        line("<h2>" + title + "</h2>");
        if (counts.isEmpty()) {
            line("<p class=\"empty\">none</p>");
            line("</section>");
            return;
        }
        List<BarCharts.Bar> bars = new ArrayList<>();
        counts.forEach((flag, value) -> bars.add(new BarCharts.Bar(flag, BigDecimal.valueOf(value), count(value), NEUTRAL,
                null)));
        BarCharts.chart(html, id, title, bars);
        table(title, "Flag", column, bars);
        line("</section>");
    }

    private void table(String caption, String name, String column, List<BarCharts.Bar> bars) {
        line("<table>");
        line("<caption>" + escape(caption) + "</caption>");
        line("<thead><tr><th scope=\"col\">" + name + "</th><th scope=\"col\" class=\"num\">" + column
                + "</th></tr></thead>");
        line("<tbody>");
        for (BarCharts.Bar bar : bars) {
            line("<tr><th scope=\"row\">" + escape(bar.label()) + "</th><td class=\"num\">" + bar.text()
                    + "</td></tr>");
        }
        line("</tbody>");
        line("</table>");
    }

    private void line(String text) {
        html.append(text).append('\n');
    }

    private static BigDecimal scale(long value, long max, int full) {
        return BarCharts.scale(BigDecimal.valueOf(value), BigDecimal.valueOf(max), full);
    }

    /** The step between gridlines: 1, 2 or 5 times a power of ten, for at most five lines above zero. */
    static long tickStep(long max) {
        long magnitude = 1;
        while (true) {
            for (long factor : new long[] {1, 2, 5}) {
                if (factor * magnitude * 5 >= max) {
                    return factor * magnitude;
                }
            }
            magnitude *= 10;
        }
    }

    private static BigDecimal decimal(Number value) {
        return value instanceof BigDecimal decimal ? decimal : BigDecimal.valueOf(value.longValue());
    }

    private static long sum(Iterable<Long> values) {
        long sum = 0;
        for (long value : values) {
            sum += value;
        }
        return sum;
    }

    /** A coordinate in plain notation without trailing zeros: {@code 440}, {@code 146.67}. */
    static String coordinate(BigDecimal value) {
        return BarCharts.coordinate(value);
    }

    /** A count with    /** A count with its thousands grouped by narrow no-break spaces: {@code 12 345}. */
    static String count(long value) {
        return BarCharts.count(value);
    }

    /** Euros    /** Euros to the cent, thousands grouped: {@code 1 234 567.80}. */
    static String euros(BigDecimal value) {
        String plain = value.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        int point = plain.indexOf('.');
        return grouped(plain.substring(0, point)) + plain.substring(point);
    }

    private static String grouped(String digits) {
        return BarCharts.grouped(digits);
    }

    /** {@code p = 0.709}    /** {@code p = 0.709}, {@code p < 0.001}, or {@code p = n/a} for NaN. */
    static String pValue(double p) {
        if (Double.isNaN(p) || Double.isInfinite(p)) {
            return "p = n/a";
        }
        if (p < 0.0005) {
            return "p &lt; 0.001";
        }
        return "p = " + new BigDecimal(p).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** A share as a percentage to one decimal: {@code 33.3%}; {@code n/a} for NaN. */
    static String percent(double share) {
        return BarCharts.percent(share);
    }

    /** Escapes text    /** Escapes text for an HTML element or a quoted attribute value. */
    static String escape(String text) {
        return BarCharts.escape(text);
    }
}
