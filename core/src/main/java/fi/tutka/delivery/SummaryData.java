package fi.tutka.delivery;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What summary.html shows; all figures come from the delivery's own files.
 *
 * @param area                     the area's code, such as {@code 179}
 * @param period                   the half-year, such as {@code 2026H1}
 * @param rulesetVersions          the ruleset versions the delivery's records carry
 * @param events                   rows of {@code events.csv}
 * @param episodes                 rows of {@code episodes.csv}
 * @param allocations              rows of {@code allocations.csv}
 * @param decisionsByMonthAndClass service events with event type {@code decision} per Europe/Helsinki month and
 *                                 national research service class ({@code unknown} when the area's code is unknown)
 * @param episodesByClass          episodes per service class
 * @param costByClass              the sum of the episodes' {@code cost_eur} in euros per service class
 * @param trials                   the trials with allocations in the period, in the order to show them
 * @param qualityFlags             data-quality flags on events, count per flag
 * @param episodeFlags             episode inconsistency flags, count per flag
 */
record SummaryData(
        String area, String period,
        SortedSet<String> rulesetVersions,
        long events, long episodes, long allocations,
        SortedMap<YearMonth, SortedMap<String, Long>> decisionsByMonthAndClass,
        SortedMap<String, Long> episodesByClass,
        SortedMap<String, BigDecimal> costByClass,
        List<TrialArms> trials,
        SortedMap<String, Long> qualityFlags,
        SortedMap<String, Long> episodeFlags) {

    /** Copies every collection unmodifiably; a count below zero or a null anywhere is refused. */
    SummaryData {
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(period, "period");
        rulesetVersions = Collections.unmodifiableSortedSet(
                new TreeSet<>(Objects.requireNonNull(rulesetVersions, "rulesetVersions")));
        requireCount("events", events);
        requireCount("episodes", episodes);
        requireCount("allocations", allocations);
        SortedMap<YearMonth, SortedMap<String, Long>> months = new TreeMap<>();
        Objects.requireNonNull(decisionsByMonthAndClass, "decisionsByMonthAndClass")
                .forEach((month, byClass) -> months.put(month, counts("decisionsByMonthAndClass " + month, byClass)));
        decisionsByMonthAndClass = Collections.unmodifiableSortedMap(months);
        episodesByClass = counts("episodesByClass", episodesByClass);
        SortedMap<String, BigDecimal> cost = new TreeMap<>();
        Objects.requireNonNull(costByClass, "costByClass")
                .forEach((serviceClass, euros) -> cost.put(serviceClass,
                        Objects.requireNonNull(euros, "costByClass " + serviceClass)));
        costByClass = Collections.unmodifiableSortedMap(cost);
        trials = List.copyOf(Objects.requireNonNull(trials, "trials"));
        qualityFlags = counts("qualityFlags", qualityFlags);
        episodeFlags = counts("episodeFlags", episodeFlags);
    }

    /**
     * One trial's allocations in the period.
     *
     * @param trialId     the trial's id
     * @param arms        its arms, in the trial definition's order
     * @param corrections corrections (withdrawals, allocations in error) in the period
     * @param pValue      the chi-square sample-ratio-mismatch p-value, NaN when not computable
     */
    record TrialArms(String trialId, List<Arm> arms, long corrections, double pValue) {
        /** Copies the arms; a negative count or a p-value outside 0..1 (but NaN) is refused. */
        TrialArms {
            Objects.requireNonNull(trialId, "trialId");
            arms = List.copyOf(Objects.requireNonNull(arms, "arms"));
            requireCount("corrections of " + trialId, corrections);
            if (!Double.isNaN(pValue) && !(pValue >= 0 && pValue <= 1)) {
                throw new IllegalArgumentException("pValue of " + trialId + " is " + pValue + ", must be 0..1 or NaN");
            }
        }
    }

    /**
     * One arm of a trial.
     *
     * @param arm           the arm's name
     * @param allocated     clients allocated to it in the period
     * @param expectedShare the share of allocations the arm's weight gives it, 0..1; NaN when the trial's
     *                      definition was not given to the build
     */
    record Arm(String arm, long allocated, double expectedShare) {
        /** A negative count or a share outside 0..1 (but NaN) is refused. */
        Arm {
            Objects.requireNonNull(arm, "arm");
            requireCount("allocated of arm " + arm, allocated);
            if (!Double.isNaN(expectedShare) && !(expectedShare >= 0 && expectedShare <= 1)) {
                throw new IllegalArgumentException("expectedShare of arm " + arm + " is " + expectedShare
                        + ", must be 0..1 or NaN");
            }
        }
    }

    private static void requireCount(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " is " + value + ", must be 0 or more");
        }
    }

    private static SortedMap<String, Long> counts(String name, Map<String, Long> counts) {
        SortedMap<String, Long> copy = new TreeMap<>();
        Objects.requireNonNull(counts, name).forEach((key, value) -> {
            requireCount(name + " " + key, Objects.requireNonNull(value, name + " " + key));
            copy.put(key, value);
        });
        return Collections.unmodifiableSortedMap(copy);
    }
}
