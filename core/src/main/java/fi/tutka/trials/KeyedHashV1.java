package fi.tutka.trials;

import fi.tutka.internal.Pseudonymizer;
import fi.tutka.spi.HmacKey;
import java.util.Arrays;

/**
 * The {@code keyed-hash-v1} assignment: a subject's arm in a trial follows from the trial key alone, so it is
 * unpredictable before the key is released and reproducible after, in any language ({@code docs/keyed_hash_v1.py}).
 *
 * <pre>
 * b = (first 8 bytes of HMAC-SHA256(trial key, UTF-8("tutka-v1:" + trialId + ":" + subject))
 *      read as a big-endian unsigned 64-bit integer) mod 10000
 * </pre>
 *
 * Arms take half-open ranges of basis points in declaration order. Integer arithmetic only.
 */
public final class KeyedHashV1 {
    /** The method's name in trial definitions and allocations. */
    public static final String NAME = "keyed-hash-v1";
    /** Weights are basis points: they sum to this. */
    public static final int TOTAL_WEIGHT = 10_000;

    private final Pseudonymizer hmac;

    /** @param trialKey the trial's secret key, kept until the trial's results are published */
    public KeyedHashV1(HmacKey trialKey) {
        this.hmac = new Pseudonymizer(trialKey);
    }

    /** The subject's basis point, 0–9999. Thread-safe. */
    public int basisPoints(String trialId, String subject) {
        byte[] digest = hmac.mac("tutka-v1:" + trialId + ":" + subject);
        long first8 = 0;
        for (int i = 0; i < 8; i++) {
            first8 = (first8 << 8) | (digest[i] & 0xff);
        }
        return (int) Long.remainderUnsigned(first8, TOTAL_WEIGHT);
    }

    /**
     * The arm a basis point falls in: arm 0 takes {@code [0, w0)}, arm 1 {@code [w0, w0 + w1)}, and so on.
     *
     * @throws IllegalArgumentException when a weight is not positive or the weights do not sum to 10000
     */
    public static int arm(int basisPoints, int... weights) {
        requireWeights(weights);
        if (basisPoints < 0 || basisPoints >= TOTAL_WEIGHT) {
            throw new IllegalArgumentException("basis points must be from 0 to 9999, got " + basisPoints);
        }
        int upper = 0;
        for (int index = 0; index < weights.length; index++) {
            upper += weights[index];
            if (basisPoints < upper) {
                return index;
            }
        }
        throw new AssertionError("weights sum to " + TOTAL_WEIGHT);
    }

    /** Checks arm weights: positive integers summing to 10000. */
    public static void requireWeights(int... weights) {
        long sum = 0;
        for (int weight : weights) {
            if (weight <= 0) {
                throw new IllegalArgumentException("arm weights must be positive, got " + Arrays.toString(weights));
            }
            sum += weight;
        }
        if (weights.length < 2 || sum != TOTAL_WEIGHT) {
            throw new IllegalArgumentException("a trial needs at least two arms whose weights sum to "
                    + TOTAL_WEIGHT + ", got " + Arrays.toString(weights));
        }
    }
}
