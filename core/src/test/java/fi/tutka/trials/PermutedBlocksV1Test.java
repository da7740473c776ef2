package fi.tutka.trials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.tutka.spi.HmacKey;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PermutedBlocksV1Test {
    static final HmacKey KEY = new HmacKey("trial-test", KeyedHashV1Test.range(32));

    static int[] counts(int[] arms, int armCount) {
        int[] counts = new int[armCount];
        for (int arm : arms) {
            counts[arm]++;
        }
        return counts;
    }

    @Property(tries = 300)
    void everyBlockHoldsTheArmsExactlyInRatio(@ForAll @LongRange(min = 0, max = 100_000) long index,
            @ForAll @IntRange(min = 0, max = 20) int stratum) {
        PermutedBlocksV1 even = new PermutedBlocksV1(KEY, "ltu55-2026", new int[] {5000, 5000}, new int[] {4, 6, 8});
        PermutedBlocksV1 uneven = new PermutedBlocksV1(KEY, "three-arms", new int[] {2500, 2500, 5000},
                new int[] {4, 8});

        int[] a = even.block("s" + stratum, index);
        int[] b = uneven.block("s" + stratum, index);

        assertThat(a.length).isIn(4, 6, 8);
        assertThat(counts(a, 2)).containsExactly(a.length / 2, a.length / 2);
        assertThat(b.length).isIn(4, 8);
        assertThat(counts(b, 3)).containsExactly(b.length / 4, b.length / 4, b.length / 2);
    }

    @Test
    void aSequenceIsBalancedAfterEveryCompletedBlockAndReproducible() {
        PermutedBlocksV1 method = new PermutedBlocksV1(KEY, "ltu55-2026", new int[] {5000, 5000}, new int[] {4, 6});
        int[] counts = new int[2];
        long sequence = 0;
        Set<Integer> sizes = new HashSet<>();
        for (long index = 0; index < 200; index++) {
            int[] block = method.block("179/55-59", index);
            sizes.add(block.length);
            for (int arm : block) {
                assertThat(method.arm("179/55-59", sequence++)).isEqualTo(arm);
                counts[arm]++;
            }
            assertThat(counts[0]).as("after block %d", index).isEqualTo(counts[1]);
        }
        assertThat(sizes).containsExactlyInAnyOrder(4, 6);
        PermutedBlocksV1 again = new PermutedBlocksV1(KEY, "ltu55-2026", new int[] {5000, 5000}, new int[] {4, 6});
        assertThat(again.block("179/55-59", 17)).containsExactly(method.block("179/55-59", 17));
    }

    @Test
    void strataTrialsAndKeysGiveDifferentSequences() {
        PermutedBlocksV1 method = new PermutedBlocksV1(KEY, "t", new int[] {5000, 5000}, new int[] {8});
        PermutedBlocksV1 otherTrial = new PermutedBlocksV1(KEY, "u", new int[] {5000, 5000}, new int[] {8});
        PermutedBlocksV1 otherKey = new PermutedBlocksV1(new HmacKey("k2", new byte[32]), "t",
                new int[] {5000, 5000}, new int[] {8});

        String a = sequence(method, "a");
        assertThat(sequence(method, "b")).isNotEqualTo(a);
        assertThat(sequence(otherTrial, "a")).isNotEqualTo(a);
        assertThat(sequence(otherKey, "a")).isNotEqualTo(a);
        assertThat(sequence(method, "a")).isEqualTo(a);
    }

    static String sequence(PermutedBlocksV1 method, String stratum) {
        StringBuilder out = new StringBuilder();
        for (long i = 0; i < 10; i++) {
            out.append(Arrays.toString(method.block(stratum, i)));
        }
        return out.toString();
    }

    @Test
    void blockSizesThatCannotHoldTheRatioAreRefused() {
        assertThatThrownBy(() -> new PermutedBlocksV1(KEY, "t", new int[] {2500, 2500, 5000}, new int[] {4, 6}))
                .hasMessage("block size 6 does not hold the arms in ratio 1:1:2: use a multiple of 4 up to 1000");
        assertThatThrownBy(() -> new PermutedBlocksV1(KEY, "t", new int[] {5000, 5000}, new int[] {}))
                .hasMessage("block sizes must not be empty");
        assertThatThrownBy(() -> new PermutedBlocksV1(KEY, "t", new int[] {3333, 6667}, new int[] {3, 6}))
                .hasMessage("weights [3333, 6667] make the ratio 3333:6667, whose smallest block has 10000 places: use "
                        + "weights with a simpler ratio, such as 2500 and 7500");
        assertThat(new PermutedBlocksV1(KEY, "t", new int[] {2000, 8000}, new int[] {5, 10}).ratio()).isEqualTo("1:4");
    }

    /**
     * A trial design with a small ratio: weights in basis points and block sizes that are multiples of the ratio's
     * smallest block.
     */
    record Design(int[] weights, int[] ratio, int[] blockSizes) {
        @Override
        public String toString() {
            return "weights " + Arrays.toString(weights) + ", block sizes " + Arrays.toString(blockSizes);
        }
    }

    @Provide
    Arbitrary<Design> smallRatios() {
        // a total of units that divides 10000, cut into two to four arms, then one to three block sizes
        return Arbitraries.of(2, 4, 5, 8, 10, 16, 20).flatMap(total -> Arbitraries.integers().between(1, total - 1)
                .set().ofMinSize(1).ofMaxSize(Math.min(3, total - 1)).flatMap(cuts -> Arbitraries.integers()
                        .between(1, 4).set().ofMinSize(1).ofMaxSize(3).map(multiples -> design(total, cuts,
                                multiples))));
    }

    static Design design(int total, Set<Integer> cuts, Set<Integer> multiples) {
        int[] bounds = IntStream.concat(IntStream.concat(IntStream.of(0), cuts.stream().mapToInt(Integer::intValue)),
                IntStream.of(total)).sorted().toArray();
        int[] units = new int[bounds.length - 1];
        BigInteger gcd = BigInteger.ZERO;
        for (int i = 0; i < units.length; i++) {
            units[i] = bounds[i + 1] - bounds[i];
            gcd = gcd.gcd(BigInteger.valueOf(units[i]));
        }
        int divisor = gcd.intValue();
        int[] weights = Arrays.stream(units).map(unit -> unit * (10_000 / total)).toArray();
        int smallest = total / divisor;
        int[] ratio = Arrays.stream(units).map(unit -> unit / divisor).toArray();
        return new Design(weights, ratio, multiples.stream().mapToInt(m -> m * smallest).sorted().toArray());
    }

    @Property(tries = 300)
    void completedBlocksHoldTheRatioAndNoPrefixStraysFurtherThanTheLargestBlock(
            @ForAll("smallRatios") Design design, @ForAll @IntRange(min = 0, max = 1000) int stratum) {
        PermutedBlocksV1 method = new PermutedBlocksV1(KEY, "property", design.weights(), design.blockSizes());
        int largest = Arrays.stream(design.blockSizes()).max().orElseThrow();
        int ratioTotal = Arrays.stream(design.ratio()).sum();
        long[] counts = new long[design.weights().length];
        long allocated = 0;
        for (long index = 0; index < 40; index++) {
            int[] block = method.block("s" + stratum, index);
            assertThat(design.blockSizes()).contains(block.length);
            int[] inBlock = counts(block, counts.length);
            for (int arm = 0; arm < counts.length; arm++) {
                assertThat(inBlock[arm]).as("arm %d of block %d", arm, index)
                        .isEqualTo(block.length / ratioTotal * design.ratio()[arm]);
            }
            for (int arm : block) {
                counts[arm]++;
                allocated++;
                for (int i = 0; i < counts.length; i++) {
                    // |count - n × weight / 10000| <= largest block, in integers
                    assertThat(Math.abs(10_000 * counts[i] - allocated * design.weights()[i]))
                            .as("arm %d after %d allocations", i, allocated).isLessThanOrEqualTo(10_000L * largest);
                }
            }
            for (int i = 0; i < counts.length; i++) {
                assertThat(10_000 * counts[i]).as("arm %d after block %d", i, index)
                        .isEqualTo(allocated * design.weights()[i]);
            }
        }
        int[] last = method.block("s" + stratum, 39);
        assertThat(method.arm("s" + stratum, allocated - 1)).isEqualTo(last[last.length - 1]);
    }
}
