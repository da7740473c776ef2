package fi.tutka.delivery;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Summary data sets for the summary page's tests. */
final class SummaryFixtures {
    private SummaryFixtures() {
    }

    /** A small delivery: three classes over two months, one trial, a few flags. The golden page's data. */
    static SummaryData small() {
        SortedMap<YearMonth, SortedMap<String, Long>> decisions = new TreeMap<>();
        decisions.put(YearMonth.of(2026, 1), sorted(Map.of("coaching", 12L, "pay_subsidy_50", 3L, "unknown", 1L)));
        decisions.put(YearMonth.of(2026, 2), sorted(Map.of("coaching", 8L, "pay_subsidy_50", 6L)));
        return new SummaryData("179", "2026H1", new TreeSet<>(List.of("2026.1+3f9a0c1e")), 30, 14, 6, decisions,
                sorted(Map.of("coaching", 9L, "pay_subsidy_50", 4L, "unknown", 1L)),
                new TreeMap<>(Map.of("coaching", new BigDecimal("12500.00"), "pay_subsidy_50",
                        new BigDecimal("48211.5"), "unknown", BigDecimal.ZERO)),
                List.of(new SummaryData.TrialArms("youth-coaching-2026", List.of(
                        new SummaryData.Arm("control", 4, 0.5), new SummaryData.Arm("intensified", 2, 0.5)),
                        1, 0.41422)),
                sorted(Map.of("missing_cost", 2L, "unknown_service_code", 1L)), sorted(Map.of()));
    }

    /** Nothing at all: no rows, no classes, no trials, no flags. */
    static SummaryData empty() {
        return new SummaryData("837", "2025H2", new TreeSet<>(), 0, 0, 0, new TreeMap<>(), new TreeMap<>(),
                new TreeMap<>(), List.of(), new TreeMap<>(), new TreeMap<>());
    }

    /**
     * A mid-sized area's half-year as the README describes it (about 5,000 decisions a month over 15 classes and
     * "unknown"), two trials, flags on events and episodes.
     */
    static SummaryData realistic() {
        // per class: decisions a month; episodes and mean cost per episode over the half-year
        Object[][] classes = {
            {"career_guidance", 40L, 180L, "310.00"},
            {"coaching", 70L, 400L, "1850.00"},
            {"employment_subsidy_55", 6L, 30L, "9400.00"},
            {"initial_interview", 760L, 4400L, "0.00"},
            {"intensified_coaching", 12L, 60L, "2600.00"},
            {"job_search_discussion", 2500L, 14600L, "0.00"},
            {"labour_market_training", 70L, 400L, "7200.00"},
            {"non_statutory_municipal", 70L, 400L, "950.00"},
            {"pay_subsidy_100", 8L, 40L, "14800.00"},
            {"pay_subsidy_50", 40L, 230L, "8700.00"},
            {"pay_subsidy_70", 12L, 60L, "11200.00"},
            {"rehabilitative_work", 34L, 200L, "1400.00"},
            {"self_motivated_study", 50L, 300L, "0.00"},
            {"start_up_grant", 10L, 60L, "5300.00"},
            {"unknown", 3L, 15L, "0.00"},
            {"work_trial", 34L, 200L, "0.00"},
        };
        SortedMap<YearMonth, SortedMap<String, Long>> decisions = new TreeMap<>();
        SortedMap<String, Long> episodes = new TreeMap<>();
        SortedMap<String, BigDecimal> cost = new TreeMap<>();
        long decisionsTotal = 0;
        long episodesTotal = 0;
        for (int month = 1; month <= 6; month++) {
            SortedMap<String, Long> byClass = new TreeMap<>();
            for (int i = 0; i < classes.length; i++) {
                // a summer dip and a January peak, the same for every run
                long base = (Long) classes[i][1];
                long value = base * (month == 1 ? 12 : month == 6 ? 7 : 10) / 10 + (i + month) % 3;
                byClass.put((String) classes[i][0], value);
                decisionsTotal += value;
            }
            decisions.put(YearMonth.of(2026, month), byClass);
        }
        for (Object[] row : classes) {
            long count = (Long) row[2];
            episodes.put((String) row[0], count);
            episodesTotal += count;
            cost.put((String) row[0], new BigDecimal((String) row[3]).multiply(BigDecimal.valueOf(count)));
        }
        List<SummaryData.TrialArms> trials = List.of(
                new SummaryData.TrialArms("older-long-term-unemployed-2026", List.of(
                        new SummaryData.Arm("control", 61, 0.5), new SummaryData.Arm("subsidy", 58, 0.5)),
                        2, 0.7835),
                new SummaryData.TrialArms("youth-coaching-2026", List.of(
                        new SummaryData.Arm("control", 212, 0.5), new SummaryData.Arm("intensified", 175, 0.5)),
                        0, 0.0598));
        return new SummaryData("179", "2026H1", new TreeSet<>(List.of("2026.1+3f9a0c1e", "2026.2+77b01d54")),
                decisionsTotal + 4100, episodesTotal, 506, decisions, episodes, cost, trials,
                sorted(Map.of("missing_cost", 412L, "missing_end_date", 96L, "unknown_service_code", 18L,
                        "unemployment_start_after_decision", 7L, "trial_arm_contradiction", 3L)),
                sorted(Map.of("end_before_start", 4L, "overlapping_episodes", 22L, "start_without_decision", 61L)));
    }

    static <V> SortedMap<String, V> sorted(Map<String, V> map) {
        return new TreeMap<>(map);
    }
}
