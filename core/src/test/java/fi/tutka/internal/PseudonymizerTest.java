package fi.tutka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.spi.HmacKey;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {
    /** The key bytes 0x00..0x1f, as {@code bytes(range(32))} in Python. */
    private static final byte[] KEY = new byte[32];

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) i;
        }
    }

    private final Pseudonymizer pseudonymizer = new Pseudonymizer(new HmacKey("179-20260105", KEY));

    /**
     * Vectors from {@code python3 -c 'import hmac,hashlib; print(hmac.new(bytes(range(32)), "100190-999P".encode(),
     * hashlib.sha256).hexdigest())'}.
     */
    @Test
    void matchesHmacSha256ComputedOutsideJava() {
        assertThat(pseudonymizer.hex("100190-999P"))
                .isEqualTo("63a8c5fb962549b9f86ef043e787affbc82face1dc3dd280db2a19d10a7b1e9f");
        assertThat(pseudonymizer.hex("100190Y999P"))
                .isEqualTo("4a9ce5351364feef4794f6f9159970d3bf292047f9c644270dec7f2135bb366f");
        assertThat(pseudonymizer.hex("010203A987V"))
                .isEqualTo("e3481d97e76353859aa0c33818d415adb34bbc2db6633b4d3812d810062aab41");
        assertThat(pseudonymizer.hex("290200A950Y"))
                .isEqualTo("8b1e648f31dc218e3a6b0cebcc6f9e9541893d2a1f13f3c7e84775d36bc849f2");
        assertThat(pseudonymizer.hex(""))
                .isEqualTo("d38b42096d80f45f826b44a9d5607de72496a415d3f4a1a8c88e3bb9da8dc1cb");
    }

    @Test
    void anotherKeyGivesAnotherPseudonym() {
        byte[] ff = new byte[32];
        Arrays.fill(ff, (byte) 0xff);
        // python3: hmac.new(b"\xff" * 32, b"100190-999P", hashlib.sha256).hexdigest()
        assertThat(new Pseudonymizer(new HmacKey("179-other", ff)).hex("100190-999P"))
                .isEqualTo("f38f0f270f05e8a0cef055f50b2ff750752f0fb873c61b929620a2dee833deda");
    }

    @Test
    void theCenturySignIsPartOfTheIdentity() {
        assertThat(pseudonymizer.hex("100190-999P")).isNotEqualTo(pseudonymizer.hex("100190Y999P"));
    }

    @Test
    void lowerCaseHexOf32BytesAndTheKeyIdBeside() {
        String hex = pseudonymizer.hex("100190-999P");
        assertThat(hex).matches("[0-9a-f]{64}");
        assertThat(pseudonymizer.mac("100190-999P")).hasSize(32).isEqualTo(HexFormat.of().parseHex(hex));
        assertThat(pseudonymizer.keyId()).isEqualTo("179-20260105");
    }

    @Test
    void changingTheCallersKeyArrayAfterwardsChangesNothing() {
        byte[] secret = KEY.clone();
        Pseudonymizer own = new Pseudonymizer(new HmacKey("179-x", secret));
        Arrays.fill(secret, (byte) 0);
        assertThat(own.hex("100190-999P"))
                .isEqualTo("63a8c5fb962549b9f86ef043e787affbc82face1dc3dd280db2a19d10a7b1e9f");
    }

    @Test
    void fourThreadsGiveTheSameValuesAsOne() throws Exception {
        List<String> codes = codes(1000);
        List<String> expected = new ArrayList<>();
        Pseudonymizer single = new Pseudonymizer(new HmacKey("179-20260105", KEY));
        for (String code : codes) {
            expected.add(single.hex(code));
        }

        Pseudonymizer shared = new Pseudonymizer(new HmacKey("179-20260105", KEY));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t * 250; // each thread starts elsewhere in the list, so they overlap in time
                Callable<List<String>> task = () -> {
                    start.await();
                    String[] out = new String[codes.size()];
                    for (int i = 0; i < codes.size(); i++) {
                        int index = (i + offset) % codes.size();
                        out[index] = shared.hex(codes.get(index));
                    }
                    return Arrays.asList(out);
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            for (Future<List<String>> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).containsExactlyElementsOf(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(expected).doesNotHaveDuplicates();
        assertThat(expected.get(0)).isEqualTo(single.hex(codes.get(0)));
    }

    /** Distinct valid temporary codes (individual numbers 900–999). */
    private static List<String> codes(int count) {
        List<String> codes = new ArrayList<>();
        LocalDate birth = LocalDate.of(1960, 1, 1);
        for (int i = 0; codes.size() < count; i++) {
            LocalDate date = birth.plusDays(i / 100);
            int individual = 900 + i % 100;
            char sign = date.getYear() < 2000 ? '-' : 'A';
            String code = String.format("%02d%02d%02d%c%03d%c", date.getDayOfMonth(), date.getMonthValue(),
                    date.getYear() % 100, sign, individual, IdentityCode.checkCharacter(date, individual));
            codes.add(code);
        }
        return codes;
    }
}
