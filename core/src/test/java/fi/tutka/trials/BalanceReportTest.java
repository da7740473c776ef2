package fi.tutka.trials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fi.tutka.codec.TutkaJson;
import fi.tutka.providers.JdbcAllocationStore;
import fi.tutka.spi.AllocationRequest;
import fi.tutka.spi.AllocationStore;
import fi.tutka.spi.Correction;
import fi.tutka.trials.BalanceReport.ArmBalance;
import fi.tutka.trials.BalanceReport.Balance;
import fi.tutka.trials.BalanceReport.TrialBalance;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The balance report over a real ledger (H2 in a file), with statistics checked against independent formulas. */
class BalanceReportTest {
    static final Instant AT = Instant.parse("2026-03-02T08:15:30Z");

    static final Trial YOUTH = trial("youth-2026", "Intensified coaching for young jobseekers", KeyedHashV1.NAME,
            List.of(), arm("control", 5000), arm("treatment", 5000));
    static final Trial OLDER = trial("ltu55-2026", "Long-term unemployed 55+", PermutedBlocksV1.NAME,
            List.of("area", "age_band"), arm("a", 2500), arm("b", 2500), arm("c", 5000));
    static final Trial EMPTY = trial("empty-2026", "Not started", KeyedHashV1.NAME, List.of(),
            arm("control", 2500), arm("treatment", 7500));

    @TempDir
    Path dir;
    AllocationStore store;
    int subjects;

    @BeforeEach
    void open() {
        store = JdbcAllocationStore.open("jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath(), null, null);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static TrialDefinition.Arm arm(String name, int weight) {
        return new TrialDefinition.Arm(name, weight, List.of(), List.of(), List.of(), "FLAG");
    }

    static Trial trial(String id, String title, String method, List<String> strata, TrialDefinition.Arm... arms) {
        boolean blocks = method.equals(PermutedBlocksV1.NAME);
        return new Trial(new TrialDefinition(id, "1", title, List.of("179", "837"), LocalDate.of(2026, 1, 1),
                LocalDate.of(2026, 12, 31), LocalDate.of(2026, 12, 31), null, false, method, strata,
                strata.contains("age_band") ? List.of(55, 60) : List.of(), blocks ? List.of(4, 8) : List.of(),
                List.of(arms), List.of()), List.of("eligible"), "f".repeat(64));
    }

    /** Allocates {@code count} new subjects to one arm; returns their subjects. */
    List<String> allocate(String trialId, String stratum, String arm, int count) {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String subject = "s" + subjects++;
            store.allocate(new AllocationRequest(trialId, "1", "f".repeat(64), KeyedHashV1.NAME, subject, "k1",
                    "179", stratum, "d-" + subject, LocalDate.of(2026, 3, 2), "0".repeat(64), "r1", AT, Set.of(),
                    null), sequence -> arm);
            made.add(subject);
        }
        return made;
    }

    /** 10, 10, 20 and one in an arm no longer defined in one stratum; 3, 1, 5 in another. */
    void allocateStratified() {
        allocate("ltu55-2026", "179/55-59", "a", 10);
        allocate("ltu55-2026", "179/55-59", "b", 10);
        allocate("ltu55-2026", "179/55-59", "c", 20);
        allocate("ltu55-2026", "179/55-59", "old", 1);
        allocate("ltu55-2026", "837/60+", "a", 3);
        allocate("ltu55-2026", "837/60+", "b", 1);
        allocate("ltu55-2026", "837/60+", "c", 5);
    }

    void correct(String trialId, String subject, Correction.Kind kind) {
        store.correct(trialId, subject, kind, "test", "steward", AT);
    }

    static BigDecimal p(double value) {
        return new BigDecimal(value).round(new MathContext(4, RoundingMode.HALF_EVEN));
    }

    static List<String> column(Balance balance, java.util.function.Function<ArmBalance, Object> value) {
        return balance.arms().stream().map(arm -> arm.arm() + "=" + value.apply(arm)).toList();
    }

    @Test
    void countsAnUnstratifiedTrialWithItsCorrectionsAndTestsTheRatio() {
        List<String> control = allocate("youth-2026", "", "control", 60);
        List<String> treatment = allocate("youth-2026", "", "treatment", 40);
        correct("youth-2026", control.get(0), Correction.Kind.WITHDRAWAL);
        correct("youth-2026", control.get(1), Correction.Kind.WITHDRAWAL);
        correct("youth-2026", control.get(2), Correction.Kind.WITHDRAWAL);
        correct("youth-2026", control.get(2), Correction.Kind.ALLOCATED_IN_ERROR);
        correct("youth-2026", control.get(1), Correction.Kind.WITHDRAWAL);
        correct("youth-2026", treatment.get(0), Correction.Kind.ALLOCATED_IN_ERROR);

        TrialBalance youth = BalanceReport.of(List.of(YOUTH), store).trials().get(0);

        assertThat(youth.ratio()).isEqualTo("1:1");
        assertThat(youth.strata()).isEmpty();
        Balance total = youth.total();
        assertThat(total.stratum()).isNull();
        assertThat(total.allocations()).isEqualTo(100);
        assertThat(column(total, ArmBalance::allocations)).containsExactly("control=60", "treatment=40");
        assertThat(column(total, ArmBalance::expected)).containsExactly("control=50", "treatment=50");
        assertThat(column(total, ArmBalance::withdrawn)).containsExactly("control=3", "treatment=0");
        assertThat(column(total, ArmBalance::allocatedInError)).containsExactly("control=1", "treatment=1");
        assertThat(total.withdrawn()).isEqualTo(3);
        assertThat(total.allocatedInError()).isEqualTo(2);
        // (60 - 50)² / 50 + (40 - 50)² / 50 = 4; one degree of freedom: p = erfc(√2)
        assertThat(total.degreesOfFreedom()).isEqualTo(1);
        assertThat(total.chiSquare()).isEqualTo(new BigDecimal("4.0000"));
        assertThat(total.pValue()).isEqualTo(new BigDecimal("0.04550")).isEqualTo(p(erfc(Math.sqrt(2))));
        assertThat(total.few()).isFalse();
    }

    @Test
    void countsEachStratumKeepsUndefinedArmsOutOfTheTestAndMarksFewExpected() {
        allocateStratified();

        TrialBalance older = BalanceReport.of(List.of(OLDER), store).trials().get(0);

        assertThat(older.ratio()).isEqualTo("1:1:2");
        assertThat(older.strata()).extracting(Balance::stratum).containsExactly("179/55-59", "837/60+");
        Balance even = older.strata().get(0);
        assertThat(even.allocations()).isEqualTo(41);
        assertThat(column(even, ArmBalance::allocations)).containsExactly("a=10", "b=10", "c=20", "old=1");
        assertThat(column(even, ArmBalance::expected)).containsExactly("a=10", "b=10", "c=20", "old=0");
        assertThat(column(even, ArmBalance::defined)).containsExactly("a=true", "b=true", "c=true", "old=false");
        assertThat(column(even, ArmBalance::weight)).containsExactly("a=2500", "b=2500", "c=5000", "old=0");
        assertThat(even.chiSquare()).isEqualTo(new BigDecimal("0.0000"));
        assertThat(even.pValue()).isEqualTo(new BigDecimal("1"));
        assertThat(even.few()).isFalse();

        // expected 2.25, 2.25, 4.5: 0.5625 / 2.25 + 1.5625 / 2.25 + 0.25 / 4.5 = 1; two degrees of freedom: p = e^-x/2
        Balance small = older.strata().get(1);
        assertThat(column(small, ArmBalance::expected)).containsExactly("a=2.25", "b=2.25", "c=4.5");
        assertThat(small.degreesOfFreedom()).isEqualTo(2);
        assertThat(small.chiSquare()).isEqualTo(new BigDecimal("1.0000"));
        assertThat(small.pValue()).isEqualTo(new BigDecimal("0.6065")).isEqualTo(p(Math.exp(-0.5)));
        assertThat(small.few()).isTrue();

        // 13, 11, 25 against 12.25, 12.25, 24.5: 9/49
        Balance total = older.total();
        assertThat(total.allocations()).isEqualTo(50);
        assertThat(column(total, ArmBalance::allocations)).containsExactly("a=13", "b=11", "c=25", "old=1");
        assertThat(column(total, ArmBalance::expected)).containsExactly("a=12.25", "b=12.25", "c=24.5", "old=0");
        assertThat(total.chiSquare()).isEqualTo(new BigDecimal("0.1837"));
        assertThat(total.pValue()).isEqualTo(new BigDecimal("0.9123")).isEqualTo(p(Math.exp(-9.0 / 98)));
        assertThat(total.few()).isFalse();
    }

    @Test
    void aTrialWithoutAllocationsListsItsArmsWithNothingToTest() {
        Balance total = BalanceReport.of(List.of(EMPTY), store).trials().get(0).total();

        assertThat(column(total, ArmBalance::allocations)).containsExactly("control=0", "treatment=0");
        assertThat(column(total, ArmBalance::expected)).containsExactly("control=0", "treatment=0");
        assertThat(total.chiSquare()).isNull();
        assertThat(total.pValue()).isNull();
        assertThat(total.few()).isTrue();
    }

    @Test
    void namesTrialsInTheLedgerThatWereNotLoadedAndLeavesOtherTrialsCorrectionsAlone() {
        allocate("gone-2025", "", "control", 2);
        List<String> youth = allocate("youth-2026", "", "control", 1);
        correct("youth-2026", youth.get(0), Correction.Kind.WITHDRAWAL);

        BalanceReport report = BalanceReport.of(List.of(EMPTY), store);

        assertThat(report.notLoaded()).containsExactly(new BalanceReport.UnloadedTrial("gone-2025", 2),
                new BalanceReport.UnloadedTrial("youth-2026", 1));
        assertThat(report.trials().get(0).total().withdrawn()).isZero();
    }

    @Test
    void readsAsAnAlignedTablePerTrial() {
        List<String> control = allocate("youth-2026", "", "control", 60);
        allocate("youth-2026", "", "treatment", 40);
        correct("youth-2026", control.get(0), Correction.Kind.WITHDRAWAL);
        allocateStratified();
        allocate("gone-2025", "", "control", 2);

        String text = BalanceReport.of(List.of(YOUTH, OLDER, EMPTY), store).text();

        assertThat(text).isEqualTo("""
                youth-2026: Intensified coaching for young jobseekers
                keyed-hash-v1, expected ratio 1:1 (control:treatment), allocated under version 1
                stratum  arm        allocated  expected  withdrawn  in error  chi-square  df  p
                total    control           60      50.0          1         0       4.000   1  0.0455
                         treatment         40      50.0          0         0

                ltu55-2026: Long-term unemployed 55+
                permuted-blocks-v1, expected ratio 1:1:2 (a:b:c), allocated under version 1
                stratum    arm                allocated  expected  withdrawn  in error  chi-square  df  p
                179/55-59  a                         10      10.0          0         0       0.000   2  1.0000
                           b                         10      10.0          0         0
                           c                         20      20.0          0         0
                           old (not defined)          1       0.0          0         0
                837/60+    a                          3       2.3          0         0       1.000   2  0.6065 (few)
                           b                          1       2.3          0         0
                           c                          5       4.5          0         0
                total      a                         13      12.3          0         0       0.184   2  0.9123
                           b                         11      12.3          0         0
                           c                         25      24.5          0         0
                           old (not defined)          1       0.0          0         0
                few: an arm expects fewer than 5 allocations; the p-value is only approximate.
                not defined: an arm the trial's definition no longer holds; its allocations are counted but left \
                out of the test.

                empty-2026: Not started
                keyed-hash-v1, expected ratio 1:3 (control:treatment)
                stratum  arm        allocated  expected  withdrawn  in error  chi-square  df  p
                total    control            0       0.0          0         0           -   1  -
                         treatment          0       0.0          0         0
                No allocations yet: nothing to test.

                The ledger also holds allocations of trials that were not loaded:
                  gone-2025: 2
                """);
    }

    @Test
    void writesJsonWithExactExpectedCountsAndNumbersForTheStatistics() {
        allocate("youth-2026", "", "control", 3);
        allocate("youth-2026", "", "treatment", 1);

        String json = TutkaJson.write(BalanceReport.of(List.of(YOUTH), store));

        assertThat(json).isEqualTo("{\"trials\":[{\"trial_id\":\"youth-2026\",\"title\":\"Intensified coaching for "
                + "young jobseekers\",\"method\":\"keyed-hash-v1\",\"ratio\":\"1:1\",\"versions\":[\"1\"],"
                + "\"strata\":[],\"total\":{\"allocations\":4,\"arms\":[{\"arm\":\"control\",\"defined\":true,"
                + "\"weight\":5000,\"allocations\":3,\"expected\":2,\"withdrawn\":0,\"allocated_in_error\":0},"
                + "{\"arm\":\"treatment\",\"defined\":true,\"weight\":5000,\"allocations\":1,\"expected\":2,"
                + "\"withdrawn\":0,\"allocated_in_error\":0}],\"degrees_of_freedom\":1,\"chi_square\":1.0000,"
                + "\"p_value\":0.3173,\"few\":true,\"withdrawn\":0,\"allocated_in_error\":0}}],\"not_loaded\":[]}");
    }

    @Test
    void pValuesAgreeWithTheClosedFormsAndTheTables() {
        for (double x : new double[] {0.001, 0.5, 1, 2.706, 3.841, 4, 6.635, 10.828, 20, 40}) {
            assertThat(BalanceReport.pValue(x, 1)).as("df 1, x %s", x)
                    .isCloseTo(erfc(Math.sqrt(x / 2)), within(1e-12 * erfc(Math.sqrt(x / 2))));
            assertThat(BalanceReport.pValue(x, 2)).as("df 2, x %s", x)
                    .isCloseTo(Math.exp(-x / 2), within(1e-12 * Math.exp(-x / 2)));
            // four degrees of freedom: e^(-x/2) (1 + x/2)
            assertThat(BalanceReport.pValue(x, 4)).as("df 4, x %s", x)
                    .isCloseTo(Math.exp(-x / 2) * (1 + x / 2), within(1e-12 * Math.exp(-x / 2) * (1 + x / 2)));
        }
        assertThat(BalanceReport.pValue(3.841, 1)).isCloseTo(0.05, within(0.00002));
        assertThat(BalanceReport.pValue(6.635, 1)).isCloseTo(0.01, within(0.00001));
        assertThat(BalanceReport.pValue(10.828, 1)).isCloseTo(0.001, within(0.000001));
        assertThat(BalanceReport.pValue(5.991, 2)).isCloseTo(0.05, within(0.00002));
        assertThat(BalanceReport.pValue(13.816, 2)).isCloseTo(0.001, within(0.000001));
        assertThat(BalanceReport.pValue(0, 1)).isEqualTo(1.0);
    }

    @Test
    void theRatioIsInSmallestWholeNumbers() {
        assertThat(BalanceReport.ratio(new int[] {5000, 5000})).isEqualTo("1:1");
        assertThat(BalanceReport.ratio(new int[] {2500, 2500, 5000})).isEqualTo("1:1:2");
        assertThat(BalanceReport.ratio(new int[] {2500, 7500})).isEqualTo("1:3");
        assertThat(BalanceReport.ratio(new int[] {3333, 6667})).isEqualTo("3333:6667");
    }

    @Property(tries = 200)
    void theIntegerFormOfTheStatisticIsTheTextbookOne(@ForAll @IntRange(min = 0, max = 100_000) int first,
            @ForAll @IntRange(min = 0, max = 100_000) int second, @ForAll @IntRange(min = 1, max = 100_000) int third,
            @ForAll @IntRange(min = 1, max = 9998) int w1, @ForAll @IntRange(min = 1, max = 9998) int w2) {
        int[] weights = w1 + w2 < 10_000 ? new int[] {w1, w2, 10_000 - w1 - w2} : new int[] {w1, 10_000 - w1, 0};
        if (weights[2] == 0) {
            weights = new int[] {weights[0], weights[1]};
        }
        long[] observed = weights.length == 3 ? new long[] {first, second, third} : new long[] {first, third};
        long n = 0;
        for (long count : observed) {
            n += count;
        }
        double textbook = 0;
        for (int i = 0; i < weights.length; i++) {
            double expected = n * (weights[i] / 10_000.0);
            textbook += (observed[i] - expected) * (observed[i] - expected) / expected;
        }
        assertThat(BalanceReport.chiSquare(observed, weights)).isCloseTo(textbook, within(1e-9 * (1 + textbook)));
    }

    /**
     * erfc by its everywhere-convergent series of positive terms,
     * {@code erf(z) = 2/√π e^(-z²) Σ (2z²)^n z / (1·3·…·(2n+1))}, away from the library's algorithm; for large
     * {@code z}, the continued fraction.
     */
    static double erfc(double z) {
        if (z > 3) {
            double fraction = 0;
            for (int k = 60; k >= 1; k--) {
                fraction = k / 2.0 / (z + fraction);
            }
            return Math.exp(-z * z) / Math.sqrt(Math.PI) / (z + fraction);
        }
        double term = z;
        double sum = z;
        for (int n = 1; n < 200; n++) {
            term *= 2 * z * z / (2 * n + 1);
            sum += term;
        }
        return 1 - 2 / Math.sqrt(Math.PI) * Math.exp(-z * z) * sum;
    }
}
