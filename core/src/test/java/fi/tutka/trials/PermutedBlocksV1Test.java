package fi.tutka.trials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.tutka.spi.HmacKey;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
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
}
