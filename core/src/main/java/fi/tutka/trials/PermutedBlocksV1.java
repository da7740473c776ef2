package fi.tutka.trials;

import fi.tutka.internal.Pseudonymizer;
import fi.tutka.spi.HmacKey;
import java.util.Arrays;

/**
 * The {@code permuted-blocks-v1} assignment: within each stratum, allocations follow a sequence of blocks; each
 * block's size is drawn from the declared sizes and it holds the arms exactly in the ratio of their weights, in a
 * shuffled order. Every draw comes from the trial key, so the sequence is concealed until the key is released and
 * reproducible after.
 *
 * <p>Random numbers for block {@code k} of a stratum are the bytes of
 * {@code HMAC-SHA256(trial key, UTF-8("tutka-pb-v1:" + trialId + ":" + stratum + ":" + k + ":" + counter))} for
 * counter 0, 1, 2, …, read as big-endian unsigned 32-bit integers; an integer below {@code n} is drawn by rejection
 * (values at or above the largest multiple of {@code n} are skipped), so draws are exactly uniform. The block's size is
 * {@code sizes[draw(sizes.length)]}; its arms, listed arm by arm, are shuffled by Fisher–Yates from the last position
 * down ({@code swap(j, draw(j + 1))}). Integer arithmetic only.
 */
public final class PermutedBlocksV1 {
    /** The method's name in trial definitions and allocations. */
    public static final String NAME = "permuted-blocks-v1";

    private final Pseudonymizer hmac;
    private final String trialId;
    private final int[] units;
    private final int unitTotal;
    private final int[] blockSizes;

    /**
     * @param weights    arm weights, positive integers summing to 10000 ({@code 5000, 5000} is 1:1)
     * @param blockSizes the sizes a block may have; each a multiple of the arms' smallest whole ratio (2 for 1:1)
     * @throws IllegalArgumentException naming the weights or the size that does not fit
     */
    public PermutedBlocksV1(HmacKey trialKey, String trialId, int[] weights, int[] blockSizes) {
        this.units = units(weights, blockSizes);
        this.unitTotal = Arrays.stream(units).sum();
        this.hmac = new Pseudonymizer(trialKey);
        this.trialId = trialId;
        this.blockSizes = blockSizes.clone();
    }

    /**
     * Checks weights and block sizes as the constructor does, without a key.
     *
     * @throws IllegalArgumentException naming the weights or the size that does not fit
     */
    public static void check(int[] weights, int[] blockSizes) {
        units(weights, blockSizes);
    }

    /** The arms' smallest whole ratio, {@code 5000, 5000} giving {@code 1, 1}, after checking the block sizes. */
    private static int[] units(int[] weights, int[] blockSizes) {
        KeyedHashV1.requireWeights(weights);
        int divisor = 0;
        for (int weight : weights) {
            divisor = gcd(divisor, weight);
        }
        int[] units = new int[weights.length];
        int total = 0;
        for (int i = 0; i < weights.length; i++) {
            units[i] = weights[i] / divisor;
            total += units[i];
        }
        if (total > 1000) {
            throw new IllegalArgumentException("weights " + Arrays.toString(weights) + " make the ratio "
                    + ratio(units) + ", whose smallest block has " + total + " places: use weights with a simpler "
                    + "ratio, such as 2500 and 7500");
        }
        if (blockSizes.length == 0) {
            throw new IllegalArgumentException("block sizes must not be empty");
        }
        for (int size : blockSizes) {
            if (size <= 0 || size % total != 0 || size > 1000) {
                throw new IllegalArgumentException("block size " + size + " does not hold the arms in ratio "
                        + ratio(units) + ": use a multiple of " + total + " up to 1000");
            }
        }
        return units;
    }

    /** The arms' smallest whole ratio, {@code 1:1} or {@code 1:1:2}. */
    public String ratio() {
        return ratio(units);
    }

    private static String ratio(int[] units) {
        StringBuilder text = new StringBuilder();
        for (int unit : units) {
            text.append(text.length() == 0 ? "" : ":").append(unit);
        }
        return text.toString();
    }

    /** The arms of block {@code index} (from 0) of a stratum, in allocation order. */
    public int[] block(String stratum, long index) {
        Draws draws = new Draws(stratum, index);
        int size = blockSizes[draws.below(blockSizes.length)];
        int[] arms = new int[size];
        int position = 0;
        for (int arm = 0; arm < units.length; arm++) {
            for (int i = 0; i < size / unitTotal * units[arm]; i++) {
                arms[position++] = arm;
            }
        }
        for (int j = size - 1; j > 0; j--) {
            int k = draws.below(j + 1);
            int swap = arms[j];
            arms[j] = arms[k];
            arms[k] = swap;
        }
        return arms;
    }

    /** The arm of the {@code sequence}-th allocation (from 0) in a stratum. */
    public int arm(String stratum, long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative, got " + sequence);
        }
        long start = 0;
        for (long index = 0; ; index++) {
            int[] arms = block(stratum, index);
            if (sequence < start + arms.length) {
                return arms[(int) (sequence - start)];
            }
            start += arms.length;
        }
    }

    @Override
    public String toString() {
        return NAME + "[" + trialId + ", ratio " + ratio() + ", block sizes " + Arrays.toString(blockSizes) + "]";
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** The block's stream of uniform draws. */
    private final class Draws {
        private final String prefix;
        private int counter;
        private byte[] bytes = new byte[0];
        private int offset;

        Draws(String stratum, long block) {
            this.prefix = "tutka-pb-v1:" + trialId + ":" + stratum + ":" + block + ":";
        }

        int below(int n) {
            long limit = (1L << 32) - (1L << 32) % n;
            while (true) {
                long value = nextUnsigned32();
                if (value < limit) {
                    return (int) (value % n);
                }
            }
        }

        private long nextUnsigned32() {
            if (offset == bytes.length) {
                bytes = hmac.mac(prefix + counter++);
                offset = 0;
            }
            long value = 0;
            for (int i = 0; i < 4; i++) {
                value = (value << 8) | (bytes[offset++] & 0xff);
            }
            return value;
        }
    }
}
