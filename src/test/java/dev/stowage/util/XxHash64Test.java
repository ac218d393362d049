package dev.stowage.util;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class XxHash64Test {
    /** The test input of length n: byte i is (i * 131 + (i >> 7)) & 0xff. */
    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 131 + (i >> 7));
        return b;
    }

    /** Expected values printed by {@code xxhsum -H1} (xxHash 0.8.1) for files holding {@link #pattern}. */
    private static final Map<Integer, Long> XXHSUM = Map.ofEntries(
            Map.entry(0, 0xef46db3751d8e999L), Map.entry(1, 0xe934a84adb052768L), Map.entry(3, 0xa83378d1eb86ec62L),
            Map.entry(4, 0x9882e57ed36c4cfcL), Map.entry(7, 0xf0aef407b44730f8L), Map.entry(8, 0xa5bc8d8944331fe7L),
            Map.entry(31, 0x1add2d10328c4897L), Map.entry(32, 0x333288d992cf3b16L), Map.entry(33, 0x379b60150f2cfc7fL),
            Map.entry(63, 0x230f593878fe3703L), Map.entry(64, 0x60a3644ca073e2cbL), Map.entry(100003, 0x8dbb7e5f4f2a686dL));

    @Test
    void matchesXxhsum() {
        XXHSUM.forEach((n, expected) -> assertThat(XxHash64.hash(pattern(n), 0, n)).as("length %d", n).isEqualTo(expected));
    }

    @Test
    void streamingInAnyPiecesGivesTheSameHash() {
        byte[] data = pattern(100003);
        Random rnd = new Random(3);
        XxHash64 h = new XxHash64();
        for (int round = 0; round < 20; round++) {
            h.reset();
            int pos = 0;
            while (pos < data.length) {
                int n = Math.min(data.length - pos, rnd.nextInt(round < 10 ? 40 : 70_000));
                h.update(data, pos, n);
                pos += n;
            }
            assertThat(h.digest()).isEqualTo(0x8dbb7e5f4f2a686dL);
        }
        // an offset into a larger array
        byte[] padded = new byte[100003 + 13];
        System.arraycopy(data, 0, padded, 13, 100003);
        assertThat(XxHash64.hash(padded, 13, 100003)).isEqualTo(0x8dbb7e5f4f2a686dL);
    }
}
