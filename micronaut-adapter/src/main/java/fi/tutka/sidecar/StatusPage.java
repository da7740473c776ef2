package fi.tutka.sidecar;

import static fi.tutka.internal.BarCharts.escape;

import fi.tutka.api.Verdict;
import fi.tutka.internal.BarCharts;
import fi.tutka.trials.BalanceReport;
import fi.tutka.trials.KeyedHashV1;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The sidecar's status page at {@code /} for the area's IT and data steward: one self-contained HTML5 page (inline
 * CSS and SVG, no script, nothing loaded from elsewhere) with the rules in use and their reloads, each trial's arms
 * against their expected shares (drawn as a delivery's summary page draws them), and the evaluations and rejected
 * inputs counted since start. Every text is escaped; a rejection shows its reason only, never the input.
 */
final class StatusPage {
    private static final String STYLE = BarCharts.style("ul.errors{margin:0;padding-left:1.2em}");

    /**
     * What the page shows.
     *
     * @param rules       the rules in use and their last reloads
     * @param trials      the loaded trials with their state and balance
     * @param notLoaded   trials the ledger holds allocations of that were not loaded
     * @param evaluations decisions evaluated since start, by verdict
     * @param rejections  rejected inputs since start, by reason
     * @param startedAt   when the engine was built (UTC)
     */
    record Data(RulesStatus rules, List<TrialStatus> trials, List<BalanceReport.UnloadedTrial> notLoaded,
            SortedMap<String, Long> evaluations, SortedMap<String, Long> rejections, Instant startedAt) {
    }

    private final StringBuilder html = new StringBuilder(1 << 13);

    private StatusPage() {
    }

    static String render(Data data) {
        return new StatusPage().page(data);
    }

    private String page(Data data) {
        line("<!DOCTYPE html>");
        line("<html lang=\"en\">");
        line("<head>");
        line("<meta charset=\"utf-8\">");
        line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        line("<title>Tutka sidecar status</title>");
        line("<style>");
        line(STYLE);
        line("</style>");
        line("</head>");
        line("<body>");
        line("<h1>Tutka sidecar status</h1>");
        rules(data.rules());
        trials(data.trials(), data.notLoaded());
        counts("evaluations", "Evaluations since start", "Verdict", "Decisions", withEveryVerdict(data.evaluations()));
        counts("rejections", "Rejected inputs since start", "Reason", "Inputs", data.rejections());
        line("<footer>Counts since the engine started at " + data.startedAt() + " (UTC); they start again at zero "
                + "with the service.</footer>");
        line("</body>");
        line("</html>");
        return html.toString();
    }

    private void rules(RulesStatus rules) {
        line("<section id=\"rules\">");
        line("<h2>Rules</h2>");
        line("<table>");
        line("<tbody>");
        fact("Ruleset version", "<code>" + escape(rules.version()) + "</code>");
        fact("Rules", BarCharts.count(rules.ruleCount()));
        fact("Loaded at", rules.loadedAt() + " (UTC)");
        fact("Rules folder", rules.folder() == null ? "bundled rules" : "<code>" + escape(rules.folder())
                + "</code>" + (rules.watched() ? " (watched)" : " (not watched)"));
        line("</tbody>");
        line("</table>");
        line("<h3>Reloads</h3>");
        if (rules.reloads().isEmpty()) {
            line("<p class=\"empty\">none since start</p>");
            line("</section>");
            return;
        }
        line("<table id=\"reloads\">");
        line("<caption>The last " + Rules.HISTORY + " reloads at most, newest first</caption>");
        line("<thead><tr><th scope=\"col\">At (UTC)</th><th scope=\"col\">Trigger</th><th scope=\"col\">Outcome</th>"
                + "<th scope=\"col\">Version before</th><th scope=\"col\">Version after</th>"
                + "<th scope=\"col\" class=\"num\">Load ms</th><th scope=\"col\">Errors</th></tr></thead>");
        line("<tbody>");
        for (RulesStatus.Reload reload : rules.reloads()) {
            StringBuilder errors = new StringBuilder();
            if (reload.errors() != null && !reload.errors().isEmpty()) {
                errors.append("<ul class=\"errors\">");
                for (String error : reload.errors()) {
                    errors.append("<li><code>").append(escape(error)).append("</code></li>");
                }
                errors.append("</ul>");
            }
            line("<tr><td>" + reload.at() + "</td><td>" + escape(reload.trigger()) + "</td><td>"
                    + escape(reload.outcome()) + "</td><td><code>" + escape(reload.versionBefore())
                    + "</code></td><td><code>" + escape(reload.versionAfter()) + "</code></td><td class=\"num\">"
                    + BarCharts.count(reload.loadMillis()) + "</td><td>" + errors + "</td></tr>");
        }
        line("</tbody>");
        line("</table>");
        line("</section>");
    }

    private void trials(List<TrialStatus> trials, List<BalanceReport.UnloadedTrial> notLoaded) {
        line("<section id=\"trials\">");
        line("<h2>Trials</h2>");
        if (trials.isEmpty()) {
            line("<p class=\"note\">No trial is loaded.</p>");
        } else {
            line("<p>Clients allocated per arm, in the ledger. The dark mark on each bar is the count the arm's "
                    + "share of the allocation weights expects; the p-value is the chi-square test of the counts "
                    + "against those shares (a small value suggests the allocation went wrong).</p>");
        }
        int index = 0;
        for (TrialStatus trial : trials) {
            String id = "trial-" + ++index;
            BalanceReport.Balance total = trial.balance().total();
            line("<h3>" + escape(trial.id()) + "</h3>");
            line("<p>" + escape(trial.title()) + " · " + escape(trial.state()) + " · allocations: "
                    + BarCharts.count(total.allocations()) + " · "
                    + (total.pValue() == null ? "p = n/a" : "p = " + total.pValue().toPlainString()) + "</p>");
            List<BarCharts.Arm> arms = new ArrayList<>();
            for (BalanceReport.ArmBalance arm : total.arms()) {
                arms.add(new BarCharts.Arm(arm.arm(), arm.allocations(),
                        arm.weight() / (double) KeyedHashV1.TOTAL_WEIGHT));
            }
            BarCharts.trialArms(html, id, trial.id(), arms);
        }
        for (BalanceReport.UnloadedTrial trial : notLoaded) {
            line("<p class=\"note\">Not loaded, with allocations in the ledger: <code>" + escape(trial.trialId())
                    + "</code> (" + BarCharts.count(trial.allocations()) + ")</p>");
        }
        line("</section>");
    }

    private void counts(String id, String title, String name, String column, SortedMap<String, Long> counts) {
        line("<section id=\"" + id + "\">");
        line("<h2>" + title + "</h2>");
        if (counts.isEmpty()) {
            line("<p class=\"empty\">none</p>");
            line("</section>");
            return;
        }
        line("<table>");
        line("<thead><tr><th scope=\"col\">" + name + "</th><th scope=\"col\" class=\"num\">" + column
                + "</th></tr></thead>");
        line("<tbody>");
        counts.forEach((key, count) -> line("<tr><th scope=\"row\"><code>" + escape(key) + "</code></th>"
                + "<td class=\"num\">" + BarCharts.count(count) + "</td></tr>"));
        line("</tbody>");
        line("</table>");
        line("</section>");
    }

    /** Every verdict, sorted, with zero where none was counted. */
    private static SortedMap<String, Long> withEveryVerdict(SortedMap<String, Long> counts) {
        SortedMap<String, Long> all = new TreeMap<>();
        for (Verdict verdict : Verdict.values()) {
            all.put(verdict.name(), counts.getOrDefault(verdict.name(), 0L));
        }
        all.putAll(counts);
        return all;
    }

    private void fact(String name, String value) {
        line("<tr><th scope=\"row\">" + name + "</th><td>" + value + "</td></tr>");
    }

    private void line(String text) {
        html.append(text).append('\n');
    }
}
