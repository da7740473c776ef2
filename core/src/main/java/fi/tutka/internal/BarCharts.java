package fi.tutka.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Horizontal bar charts as inline SVG, and the trial-arms chart with its table, for the self-contained HTML pages
 * (a delivery's {@code summary.html}, the sidecar's status page): one drawing, so both pages show a trial's arms
 * alike. Lines are appended to the caller's page, each ended by {@code \n}; the same data gives the same bytes.
 */
public final class BarCharts {
    /** Bars that are no service class: trial arms and flags. */
    public static final String NEUTRAL = "#6E6E6E";
    /** The expected-share mark on a trial's arms. */
    public static final String MARK = "#1A1A1A";

    // label column, bar area, room for the value, row pitch
    public static final int WIDTH = 780;
    public static final int LABEL_WIDTH = 220;
    public static final int BAR_AREA = 440;
    private static final int ROW = 24;
    private static final int BAR_HEIGHT = 16;
    private static final int TOP = 6;
    private static final int LABEL_CHARS = 30;
    /** Narrow no-break space between groups of thousands. */
    private static final char GROUP = '\u202F';

    private BarCharts() {
    }

    /** The pages' style sheet: what both pages share, then a page's own {@code rules}. */
    public static String style(String... rules) {
        List<String> sheet = new ArrayList<>(List.of(
                "body{margin:24px;max-width:820px;font:15px/1.45 sans-serif;color:#1a1a1a;background:#fff}",
                "h1{font-size:1.6em;margin:0 0 .6em}",
                "h2{font-size:1.25em;margin:2em 0 .5em;border-bottom:1px solid #ccc;padding-bottom:.2em}",
                "h3{font-size:1.05em;margin:1.4em 0 .4em}",
                "table{border-collapse:collapse;margin:.8em 0 1.2em}",
                "caption{text-align:left;font-weight:bold;padding:.3em 0}",
                "th,td{border:1px solid #ccc;padding:.2em .6em;text-align:left;vertical-align:top}",
                "thead th{background:#f2f2f2}",
                "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}",
                "code{word-break:break-all}",
                "svg{display:block;max-width:100%;height:auto}",
                "svg text{font:12px sans-serif;fill:#1a1a1a}",
                "svg text.value{fill:#333}",
                ".empty,.note{color:#555;font-style:italic}",
                "footer{margin-top:3em;color:#555;font-size:.9em}"));
        sheet.addAll(List.of(rules));
        return String.join("\n", sheet);
    }

    /** One bar: its label, length, value as shown (HTML), fill and the place of an expected-value mark (or null). */
    public record Bar(String label, BigDecimal value, String text, String fill, BigDecimal mark) {
    }

    /**
     * One arm of a trial.
     *
     * @param arm           the arm's name
     * @param allocated     clients allocated to it
     * @param expectedShare the share of allocations its weight gives it, 0..1; NaN when unknown
     */
    public record Arm(String arm, long allocated, double expectedShare) {
    }

    /**
     * A trial's allocations per arm: a chart with the expected count marked on each bar, and a table of the counts,
     * shares and expected counts. Nothing when there is no arm but "no data".
     */
    public static void trialArms(StringBuilder html, String id, String trialId, List<Arm> arms) {
        long total = 0;
        for (Arm arm : arms) {
            total += arm.allocated();
        }
        List<Bar> bars = new ArrayList<>();
        List<BigDecimal> expected = new ArrayList<>();
        for (Arm arm : arms) {
            BigDecimal expectedCount = Double.isNaN(arm.expectedShare()) ? null
                    : BigDecimal.valueOf(arm.expectedShare()).multiply(BigDecimal.valueOf(total));
            expected.add(expectedCount);
            bars.add(new Bar(arm.arm(), BigDecimal.valueOf(arm.allocated()), count(arm.allocated()), NEUTRAL,
                    total == 0 ? null : expectedCount));
        }
        if (!chart(html, id, "Allocations per arm of " + trialId, bars)) {
            return;
        }
        line(html, "<table>");
        line(html, "<caption>Allocations per arm of " + escape(trialId) + "</caption>");
        line(html, "<thead><tr><th scope=\"col\">Arm</th><th scope=\"col\" class=\"num\">Allocated</th>"
                + "<th scope=\"col\" class=\"num\">Expected share</th>"
                + "<th scope=\"col\" class=\"num\">Expected count</th></tr></thead>");
        line(html, "<tbody>");
        for (int i = 0; i < bars.size(); i++) {
            line(html, "<tr><th scope=\"row\">" + escape(bars.get(i).label()) + "</th><td class=\"num\">"
                    + bars.get(i).text() + "</td><td class=\"num\">"
                    + percent(arms.get(i).expectedShare()) + "</td><td class=\"num\">"
                    + (expected.get(i) == null ? "n/a"
                            : expected.get(i).setScale(1, RoundingMode.HALF_EVEN).toPlainString()) + "</td></tr>");
        }
        line(html, "</tbody>");
        line(html, "</table>");
    }

    /**
     * A horizontal bar chart, the largest bar (or mark) taking the whole bar area; "no data" instead when there is
     * no bar. Returns whether a chart was drawn.
     */
    public static boolean chart(StringBuilder html, String id, String title, List<Bar> bars) {
        if (bars.isEmpty()) {
            line(html, "<p class=\"empty\">no data</p>");
            return false;
        }
        BigDecimal max = BigDecimal.ZERO;
        for (Bar bar : bars) {
            max = max.max(bar.value()).max(bar.mark() == null ? BigDecimal.ZERO : bar.mark());
        }
        int height = TOP * 2 + ROW * bars.size();
        line(html, "<svg id=\"" + id + "-chart\" role=\"img\" aria-labelledby=\"" + id + "-title\" width=\"" + WIDTH
                + "\" height=\"" + height + "\" viewBox=\"0 0 " + WIDTH + " " + height + "\">");
        line(html, "<title id=\"" + id + "-title\">" + escape(title) + "</title>");
        int y = TOP;
        for (Bar bar : bars) {
            BigDecimal width = scale(bar.value(), max, BAR_AREA);
            int middle = y + ROW / 2;
            line(html, "<text x=\"" + (LABEL_WIDTH - 8) + "\" y=\"" + middle + "\" dy=\"4\" text-anchor=\"end\">"
                    + escape(shortened(bar.label())) + "</text>");
            int barTop = y + (ROW - BAR_HEIGHT) / 2;
            line(html, "<rect class=\"bar\" x=\"" + LABEL_WIDTH + "\" y=\"" + barTop + "\" width=\""
                    + coordinate(width) + "\" height=\"" + BAR_HEIGHT + "\" fill=\"" + bar.fill() + "\"><title>"
                    + escape(bar.label()) + ": " + bar.text() + "</title></rect>");
            BigDecimal end = width;
            if (bar.mark() != null) {
                BigDecimal mark = scale(bar.mark(), max, BAR_AREA);
                String x = coordinate(BigDecimal.valueOf(LABEL_WIDTH).add(mark));
                line(html, "<line class=\"mark\" x1=\"" + x + "\" y1=\"" + (barTop - 3) + "\" x2=\"" + x + "\" y2=\""
                        + (barTop + BAR_HEIGHT + 3) + "\" stroke=\"" + MARK + "\" stroke-width=\"3\"/>");
                // the value right of the mark too, where the mark stands past the bar's end
                end = end.max(mark.add(BigDecimal.valueOf(2)));
            }
            line(html, "<text class=\"value\" x=\"" + coordinate(BigDecimal.valueOf(LABEL_WIDTH + 6).add(end))
                    + "\" y=\"" + middle + "\" dy=\"4\">" + bar.text() + "</text>");
            y += ROW;
        }
        line(html, "</svg>");
        return true;
    }

    /** {@code value / max * full}, to two decimals; zero when either is zero or less. */
    public static BigDecimal scale(BigDecimal value, BigDecimal max, int full) {
        if (value.signum() <= 0 || max.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        return value.multiply(BigDecimal.valueOf(full)).divide(max, 2, RoundingMode.HALF_EVEN);
    }

    /** A coordinate in plain notation without trailing zeros: {@code 440}, {@code 146.67}. */
    public static String coordinate(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    /** A count with its thousands grouped by narrow no-break spaces: {@code 12 345}. */
    public static String count(long value) {
        return grouped(Long.toString(value));
    }

    /** Digits (and a leading minus) with their thousands grouped by narrow no-break spaces. */
    public static String grouped(String digits) {
        int start = digits.startsWith("-") ? 1 : 0;
        StringBuilder out = new StringBuilder(digits.length() + digits.length() / 3);
        for (int i = 0; i < digits.length(); i++) {
            int left = digits.length() - i;
            if (i > start && left % 3 == 0) {
                out.append(GROUP);
            }
            out.append(digits.charAt(i));
        }
        return out.toString();
    }

    /** A share as a percentage to one decimal: {@code 33.3%}; {@code n/a} for NaN. */
    public static String percent(double share) {
        if (Double.isNaN(share)) {
            return "n/a";
        }
        return BigDecimal.valueOf(share).movePointRight(2).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + "%";
    }

    private static String shortened(String label) {
        if (label.codePointCount(0, label.length()) <= LABEL_CHARS) {
            return label;
        }
        return label.substring(0, label.offsetByCodePoints(0, LABEL_CHARS - 1)) + "…";
    }

    private static void line(StringBuilder html, String text) {
        html.append(text).append('\n');
    }

    /** Escapes text for an HTML element or a quoted attribute value. */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement;
            switch (c) {
                case '&':
                    replacement = "&amp;";
                    break;
                case '<':
                    replacement = "&lt;";
                    break;
                case '>':
                    replacement = "&gt;";
                    break;
                case '"':
                    replacement = "&quot;";
                    break;
                case '\'':
                    replacement = "&#39;";
                    break;
                default:
                    replacement = null;
                    break;
            }
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
