package fi.tutka.trials;

import fi.tutka.spi.Allocation;
import fi.tutka.spi.AllocationStore;
import fi.tutka.spi.Correction;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * The trial balance report: per trial, stratum and arm, how many clients the ledger holds, how many the weights lead
 * to expect, and a chi-square sample-ratio-mismatch test. Allocations stay counted when they are later corrected
 * (intention to treat); the corrections are counted beside them.
 *
 * <p>Counts are integers and expected counts exact decimals ({@code n × weight / 10000}); only the statistic and its
 * p-value are floating point. The test covers the arms of the current definition: an allocation in an arm the
 * definition no longer holds is listed under that arm with an expected count of 0 and left out of the test. A
 * balance where some arm expects fewer than {@value #FEW} allocations is marked {@code few}: its p-value is only
 * approximate.
 *
 * <p>The record is the JSON form ({@code TutkaJson.write(report)}); {@link #text()} is the form a data steward reads.
 *
 * @param trials    one balance per loaded trial, in the order given
 * @param notLoaded trials the ledger holds allocations of that were not loaded, so have no definition to test against
 */
public record BalanceReport(List<TrialBalance> trials, List<UnloadedTrial> notLoaded) {

    /** Below this many expected allocations in an arm, the chi-square approximation is rough. */
    public static final int FEW = 5;

    private static final MathContext P_DIGITS = new MathContext(4, RoundingMode.HALF_EVEN);
    private static final int CHI_SQUARE_SCALE = 4;

    public BalanceReport {
        trials = List.copyOf(trials);
        notLoaded = List.copyOf(notLoaded);
    }

    /**
     * One trial's balance.
     *
     * @param trialId  the trial
     * @param title    its title
     * @param method   its allocation method
     * @param ratio    the arms' expected ratio in declaration order, in smallest whole numbers ({@code 1:1},
     *                 {@code 1:1:2})
     * @param versions the trial versions the allocations were made under, in order of first allocation
     * @param strata   one balance per stratum, sorted; empty when the trial is not stratified
     * @param total    the balance over every allocation of the trial
     */
    public record TrialBalance(String trialId, String title, String method, String ratio, List<String> versions,
            List<Balance> strata, Balance total) {

        public TrialBalance {
            versions = List.copyOf(versions);
            strata = List.copyOf(strata);
        }
    }

    /**
     * The balance of one stratum, or of a whole trial.
     *
     * @param stratum          the stratum, or null for a trial's total
     * @param allocations      allocations counted, in every arm
     * @param arms             the definition's arms in declaration order, then arms no longer defined, by name
     * @param degreesOfFreedom the number of defined arms less one
     * @param chiSquare        the chi-square statistic over the defined arms, to 4 decimals; null without allocations
     * @param pValue           the probability of a statistic this large or larger when allocation works as
     *                         declared, to 4 significant digits; null without allocations
     * @param few              whether some defined arm expects fewer than {@value #FEW} allocations
     * @param withdrawn        allocations with a withdrawal appended
     * @param allocatedInError allocations marked allocated in error
     */
    public record Balance(String stratum, long allocations, List<ArmBalance> arms, int degreesOfFreedom,
            BigDecimal chiSquare, BigDecimal pValue, boolean few, long withdrawn, long allocatedInError) {

        public Balance {
            arms = List.copyOf(arms);
        }
    }

    /**
     * One arm's count.
     *
     * @param arm              the arm's name
     * @param defined          whether the trial's definition holds the arm
     * @param weight           its weight in basis points; 0 when not defined
     * @param allocations      allocations to the arm
     * @param expected         allocations the weight leads to expect, exactly; 0 when not defined
     * @param withdrawn        of them, withdrawn
     * @param allocatedInError of them, allocated in error
     */
    public record ArmBalance(String arm, boolean defined, int weight, long allocations, BigDecimal expected,
            long withdrawn, long allocatedInError) {
    }

    /**
     * Allocations in the ledger of a trial that was not loaded.
     *
     * @param trialId     the trial
     * @param allocations how many
     */
    public record UnloadedTrial(String trialId, long allocations) {
    }

    /**
     * Counts the ledger: one pass over every entry for the corrections (and trials not loaded), then one over each
     * trial's allocations. Holds counts only, besides the subjects that have a correction.
     */
    public static BalanceReport of(List<Trial> trials, AllocationStore store) {
        Objects.requireNonNull(store, "store");
        Map<String, Trial> loaded = new LinkedHashMap<>();
        for (Trial trial : trials) {
            loaded.put(trial.id(), trial);
        }
        Map<String, Map<String, Integer>> corrected = new HashMap<>();
        Map<String, Long> unloaded = new TreeMap<>();
        store.forEachEntry(entry -> {
            if (entry instanceof Correction c && loaded.containsKey(c.trialId())) {
                corrected.computeIfAbsent(c.trialId(), id -> new HashMap<>())
                        .merge(c.subject(), 1 << c.kind().ordinal(), (a, b) -> a | b);
            } else if (entry instanceof Allocation a && !loaded.containsKey(a.trialId())) {
                unloaded.merge(a.trialId(), 1L, Long::sum);
            }
        });
        List<TrialBalance> balances = new ArrayList<>();
        for (Trial trial : loaded.values()) {
            Tally tally = new Tally(trial.definition(), corrected.getOrDefault(trial.id(), Map.of()));
            store.forEachAllocation(trial.id(), tally::add);
            balances.add(tally.balance());
        }
        List<UnloadedTrial> notLoaded = new ArrayList<>();
        unloaded.forEach((id, count) -> notLoaded.add(new UnloadedTrial(id, count)));
        return new BalanceReport(balances, notLoaded);
    }

    /**
     * The chi-square test's p-value of counts against weights summing to 10000, arm by arm; NaN without counts or
     * with fewer than two arms.
     */
    public static double pValue(long[] observed, int[] weights) {
        long n = 0;
        for (long count : observed) {
            n += count;
        }
        if (n == 0 || observed.length < 2) {
            return Double.NaN;
        }
        return pValue(chiSquare(observed, weights), observed.length - 1);
    }

    /** The upper-tail probability of a chi-square statistic with these degrees of freedom. */
    static double pValue(double chiSquare, int degreesOfFreedom) {
        return ChiSquaredDistribution.of(degreesOfFreedom).survivalProbability(chiSquare);
    }

    /**
     * The chi-square statistic of observed counts against weights summing to 10000: the sum over arms of
     * {@code (10000 o - n w)² / (10000 n w)}, which is {@code (o - e)² / e} with {@code e = n w / 10000}.
     */
    static double chiSquare(long[] observed, int[] weights) {
        long n = 0;
        for (long count : observed) {
            n += count;
        }
        double statistic = 0;
        for (int i = 0; i < observed.length; i++) {
            double difference = KeyedHashV1.TOTAL_WEIGHT * observed[i] - n * weights[i];
            statistic += difference * difference / ((double) KeyedHashV1.TOTAL_WEIGHT * n * weights[i]);
        }
        return statistic;
    }

    /** The arms' ratio in smallest whole numbers: {@code 2500, 2500, 5000} is {@code 1:1:2}. */
    static String ratio(int[] weights) {
        int divisor = 0;
        for (int weight : weights) {
            int a = weight;
            int b = divisor;
            while (b != 0) {
                int remainder = a % b;
                a = b;
                b = remainder;
            }
            divisor = a;
        }
        StringBuilder ratio = new StringBuilder();
        for (int weight : weights) {
            ratio.append(ratio.length() == 0 ? "" : ":").append(weight / divisor);
        }
        return ratio.toString();
    }

    /** One trial's counts: per stratum, per arm name, allocations, withdrawn and allocated in error. */
    private static final class Tally {
        private static final int WITHDRAWN = 1 << Correction.Kind.WITHDRAWAL.ordinal();
        private static final int IN_ERROR = 1 << Correction.Kind.ALLOCATED_IN_ERROR.ordinal();

        private final TrialDefinition definition;
        private final Map<String, Integer> corrected;
        private final Map<String, Map<String, long[]>> strata = new TreeMap<>();
        private final Set<String> versions = new LinkedHashSet<>();

        Tally(TrialDefinition definition, Map<String, Integer> corrected) {
            this.definition = definition;
            this.corrected = corrected;
        }

        void add(Allocation allocation) {
            versions.add(allocation.trialVersion());
            long[] counts = strata.computeIfAbsent(allocation.stratum(), s -> new TreeMap<>())
                    .computeIfAbsent(allocation.arm(), arm -> new long[3]);
            int corrections = corrected.getOrDefault(allocation.subject(), 0);
            counts[0]++;
            counts[1] += (corrections & WITHDRAWN) == 0 ? 0 : 1;
            counts[2] += (corrections & IN_ERROR) == 0 ? 0 : 1;
        }

        TrialBalance balance() {
            Map<String, long[]> total = new TreeMap<>();
            List<Balance> rows = new ArrayList<>();
            strata.forEach((stratum, arms) -> {
                rows.add(balance(stratum, arms));
                arms.forEach((arm, counts) -> {
                    long[] sum = total.computeIfAbsent(arm, a -> new long[3]);
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += counts[i];
                    }
                });
            });
            if (strata.keySet().equals(Set.of(""))) {
                rows.clear();
            }
            return new TrialBalance(definition.id(), definition.title(), definition.method(),
                    ratio(definition.weights()), new ArrayList<>(versions), rows, balance(null, total));
        }

        private Balance balance(String stratum, Map<String, long[]> counted) {
            Map<String, long[]> undefined = new TreeMap<>(counted);
            int[] weights = definition.weights();
            long[] observed = new long[weights.length];
            List<long[]> rows = new ArrayList<>();
            for (int i = 0; i < weights.length; i++) {
                long[] counts = undefined.remove(definition.arms().get(i).name());
                rows.add(counts == null ? new long[3] : counts);
                observed[i] = rows.get(i)[0];
            }
            long tested = 0;
            for (long count : observed) {
                tested += count;
            }
            List<ArmBalance> arms = new ArrayList<>();
            long allocations = 0;
            long withdrawn = 0;
            long inError = 0;
            boolean few = false;
            List<String> names = new ArrayList<>();
            definition.arms().forEach(arm -> names.add(arm.name()));
            names.addAll(undefined.keySet());
            rows.addAll(undefined.values());
            for (int i = 0; i < names.size(); i++) {
                long[] counts = rows.get(i);
                boolean defined = i < weights.length;
                int weight = defined ? weights[i] : 0;
                long expected = tested * weight;
                few |= defined && expected < (long) FEW * KeyedHashV1.TOTAL_WEIGHT;
                arms.add(new ArmBalance(names.get(i), defined, weight, counts[0], exact(expected), counts[1],
                        counts[2]));
                allocations += counts[0];
                withdrawn += counts[1];
                inError += counts[2];
            }
            BigDecimal chiSquare = null;
            BigDecimal p = null;
            if (tested > 0) {
                double statistic = chiSquare(observed, weights);
                chiSquare = new BigDecimal(statistic).setScale(CHI_SQUARE_SCALE, RoundingMode.HALF_EVEN);
                p = new BigDecimal(pValue(statistic, weights.length - 1)).round(P_DIGITS);
            }
            return new Balance(stratum, allocations, arms, weights.length - 1, chiSquare, p, few, withdrawn, inError);
        }

        /** {@code n × weight / 10000}, exactly, without trailing zeros. */
        private static BigDecimal exact(long basisPointsTimesCount) {
            BigDecimal value = BigDecimal.valueOf(basisPointsTimesCount, 4).stripTrailingZeros();
            return value.scale() < 0 ? value.setScale(0) : value;
        }
    }

    /** The report as aligned plain text: one block per trial, then the trials that were not loaded. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (TrialBalance trial : trials) {
            if (out.length() > 0) {
                out.append('\n');
            }
            appendTrial(trial, out);
        }
        if (!notLoaded.isEmpty()) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append("The ledger also holds allocations of trials that were not loaded:\n");
            for (UnloadedTrial trial : notLoaded) {
                out.append("  ").append(trial.trialId()).append(": ").append(trial.allocations()).append('\n');
            }
        }
        if (out.length() == 0) {
            out.append("No trials are loaded.\n");
        }
        return out.toString();
    }

    private static void appendTrial(TrialBalance trial, StringBuilder out) {
        List<String> armNames = new ArrayList<>();
        for (ArmBalance arm : trial.total().arms()) {
            if (arm.defined()) {
                armNames.add(arm.arm());
            }
        }
        out.append(trial.trialId()).append(": ").append(trial.title()).append('\n');
        out.append(trial.method()).append(", expected ratio ").append(trial.ratio()).append(" (")
                .append(String.join(":", armNames)).append(')');
        if (!trial.versions().isEmpty()) {
            out.append(", allocated under version").append(trial.versions().size() == 1 ? " " : "s ")
                    .append(String.join(", ", trial.versions()));
        }
        out.append('\n');
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"stratum", "arm", "allocated", "expected", "withdrawn", "in error", "chi-square",
            "df", "p"});
        List<Balance> balances = new ArrayList<>(trial.strata());
        balances.add(trial.total());
        boolean few = false;
        boolean undefined = false;
        for (Balance balance : balances) {
            for (int i = 0; i < balance.arms().size(); i++) {
                ArmBalance arm = balance.arms().get(i);
                boolean first = i == 0;
                String stratum = balance.stratum() == null ? "total"
                        : balance.stratum().isEmpty() ? "(none)" : balance.stratum();
                table.add(new String[] {first ? stratum : "", arm.arm() + (arm.defined() ? "" : " (not defined)"),
                    Long.toString(arm.allocations()),
                    arm.expected().setScale(1, RoundingMode.HALF_UP).toPlainString(),
                    Long.toString(arm.withdrawn()), Long.toString(arm.allocatedInError()),
                    first ? chiSquareText(balance) : "", first ? Integer.toString(balance.degreesOfFreedom()) : "",
                    first ? pText(balance) : ""});
                undefined |= !arm.defined();
            }
            few |= balance.few() && balance.pValue() != null;
        }
        appendTable(table, out);
        if (trial.total().pValue() == null) {
            out.append("No allocations yet: nothing to test.\n");
        }
        if (few) {
            out.append("few: an arm expects fewer than ").append(FEW).append(" allocations; the p-value is only "
                    + "approximate.\n");
        }
        if (undefined) {
            out.append("not defined: an arm the trial's definition no longer holds; its allocations are counted but "
                    + "left out of the test.\n");
        }
        if (trial.versions().size() > 1) {
            out.append("Allocations were made under more than one version: expected counts use the current "
                    + "weights.\n");
        }
    }

    private static String chiSquareText(Balance balance) {
        return balance.chiSquare() == null ? "-"
                : balance.chiSquare().setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String pText(Balance balance) {
        if (balance.pValue() == null) {
            return "-";
        }
        String p = balance.pValue().compareTo(new BigDecimal("0.0001")) < 0 ? "<0.0001"
                : balance.pValue().setScale(4, RoundingMode.HALF_EVEN).toPlainString();
        return balance.few() ? p + " (few)" : p;
    }

    /** Columns two spaces apart: stratum, arm and p aligned left, the numbers right. */
    private static void appendTable(List<String[]> table, StringBuilder out) {
        int[] widths = new int[table.get(0).length];
        for (String[] row : table) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : table) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String format = "%" + (i < 2 || i == row.length - 1 ? "-" : "") + widths[i] + "s";
                line.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, format, row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
