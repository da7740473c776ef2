package fi.tutka.trials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import fi.tutka.DocsScripts;
import fi.tutka.spi.HmacKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class KeyedHashV1Test {
    static final HmacKey TEST_KEY = new HmacKey("trial-test", range(32));
    final KeyedHashV1 method = new KeyedHashV1(TEST_KEY);

    static byte[] range(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    static String vectors() throws IOException {
        try (InputStream in = KeyedHashV1Test.class.getResourceAsStream("/fi/tutka/trials/keyed-hash-v1-vectors.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The published vectors, made by docs/keyed_hash_v1.py, computed again in Java. */
    String javaVectors() throws IOException {
        StringBuilder out = new StringBuilder("trial_id,subject,basis_points,arm_50_50,arm_25_25_50\n");
        for (String line : vectors().split("\n")) {
            if (line.startsWith("trial_id")) {
                continue;
            }
            String[] cells = line.split(",");
            int b = method.basisPoints(cells[0], cells[1]);
            out.append(cells[0]).append(',').append(cells[1]).append(',').append(b).append(',')
                    .append(KeyedHashV1.arm(b, 5000, 5000)).append(',')
                    .append(KeyedHashV1.arm(b, 2500, 2500, 5000)).append('\n');
        }
        return out.toString();
    }

    @Test
    void matchesThePublishedVectorsExactly() throws IOException {
        assertThat(vectors().split("\n")).hasSize(81);
        assertThat(javaVectors()).isEqualTo(vectors());
    }

    @Test
    void thePublishedSnippetStillPrintsTheVectors() throws Exception {
        assertThat(DocsScripts.python("keyed_hash_v1.py")).isEqualTo(vectors());
    }

    /** The basis points of 100,000 synthetic subjects, hex SHA-256 of {@code "subject-" + i}, in one trial. */
    static final class Synthetic {
        static final int[] BASIS_POINTS = basisPoints();

        private static int[] basisPoints() {
            KeyedHashV1 method = new KeyedHashV1(TEST_KEY);
            int[] points = new int[100_000];
            try {
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                for (int i = 0; i < points.length; i++) {
                    String subject = HexFormat.of().formatHex(sha256.digest(("subject-" + i)
                            .getBytes(StandardCharsets.UTF_8)));
                    points[i] = method.basisPoints("youth-coaching-2026", subject);
                }
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            return points;
        }
    }

    /**
     * Splits the synthetic subjects by the weights and tests the split: the counts are exact (the same as
     * docs/keyed_hash_v1.py gives), and the sample-ratio-mismatch test must pass at p > 0.001.
     */
    static void assertSplit(int[] weights, long[] expectedCounts, double expectedChiSquare, double expectedP) {
        long[] counts = new long[weights.length];
        for (int b : Synthetic.BASIS_POINTS) {
            counts[KeyedHashV1.arm(b, weights)]++;
        }
        assertThat(counts).containsExactly(expectedCounts);
        double chiSquare = BalanceReport.chiSquare(counts, weights);
        assertThat(chiSquare).isCloseTo(expectedChiSquare, within(1e-9));
        double p = BalanceReport.pValue(chiSquare, weights.length - 1);
        assertThat(p).isGreaterThan(0.001).isCloseTo(expectedP, within(1e-12));
    }

    @Test
    void oneHundredThousandSubjectsSplitOneToOneWithoutARatioMismatch() {
        // (49941 - 50000)² / 50000 + (50059 - 50000)² / 50000 = 0.13924; p = erfc(√(0.13924 / 2))
        assertSplit(new int[] {5000, 5000}, new long[] {49_941, 50_059}, 0.13924, 0.7090377270166871);
    }

    @Test
    void oneHundredThousandSubjectsSplitOneToThreeWithoutARatioMismatch() {
        // 15² / 25000 + 15² / 75000 = 0.012
        assertSplit(new int[] {2500, 7500}, new long[] {24_985, 75_015}, 0.012, 0.9127706190965621);
    }

    @Test
    void oneHundredThousandSubjectsSplitOneToOneToTwoWithoutARatioMismatch() {
        // 15² / 25000 + 44² / 25000 + 59² / 50000 = 0.15606; two degrees of freedom: p = e^(-0.15606 / 2)
        assertSplit(new int[] {2500, 2500, 5000}, new long[] {24_985, 24_956, 50_059}, 0.15606,
                0.9249366780269728);
    }

    @Test
    void armsAreHalfOpenRangesInDeclarationOrder() {
        assertThat(KeyedHashV1.arm(0, 5000, 5000)).isZero();
        assertThat(KeyedHashV1.arm(4999, 5000, 5000)).isZero();
        assertThat(KeyedHashV1.arm(5000, 5000, 5000)).isEqualTo(1);
        assertThat(KeyedHashV1.arm(9999, 5000, 5000)).isEqualTo(1);
        assertThat(KeyedHashV1.arm(2499, 2500, 2500, 5000)).isZero();
        assertThat(KeyedHashV1.arm(2500, 2500, 2500, 5000)).isEqualTo(1);
        assertThat(KeyedHashV1.arm(5000, 2500, 2500, 5000)).isEqualTo(2);
    }

    @Test
    void badWeightsAreRefusedWithTheWeights() {
        assertThatThrownBy(() -> KeyedHashV1.arm(10, 5000, 4999))
                .hasMessage("a trial needs at least two arms whose weights sum to 10000, got [5000, 4999]");
        assertThatThrownBy(() -> KeyedHashV1.arm(10, 10000))
                .hasMessage("a trial needs at least two arms whose weights sum to 10000, got [10000]");
        assertThatThrownBy(() -> KeyedHashV1.arm(10, 10000, 0))
                .hasMessage("arm weights must be positive, got [10000, 0]");
        assertThatThrownBy(() -> KeyedHashV1.arm(10000, 5000, 5000))
                .hasMessage("basis points must be from 0 to 9999, got 10000");
    }

    @Property(tries = 200)
    void everyBasisPointLandsInTheArmWhoseRangeHoldsIt(@ForAll @IntRange(min = 0, max = 9999) int b,
            @ForAll @IntRange(min = 1, max = 9999) int first) {
        int arm = KeyedHashV1.arm(b, first, 10000 - first);
        assertThat(arm).isEqualTo(b < first ? 0 : 1);
    }

    @Property(tries = 100)
    void theSameSubjectAlwaysGetsTheSameBasisPoint(@ForAll @IntRange(min = 0, max = 1_000_000) int n) {
        String subject = String.format("%064x", n);
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            seen.add(new KeyedHashV1(TEST_KEY).basisPoints("t", subject));
        }
        assertThat(seen).containsOnly(seen.get(0));
        assertThat(seen.get(0)).isBetween(0, 9999);
    }
}
