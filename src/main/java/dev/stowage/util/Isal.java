package dev.stowage.util;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Intel's ISA-L deflate and inflate ({@code libisal.so.2}, Debian's {@code libisal2}), called through JNA.
 *
 * <p>On this project's machines ISA-L level 1 compresses layer data at 550–700 MB/s per core where the JDK's zlib
 * manages 90–125 MB/s, and inflates at 700–900 MB/s where zlib manages ~400 MB/s. containerd uses the same library
 * (as {@code igzip}) for the same reason.
 *
 * <p>Optional: when the library (or JNA's own native part) cannot be loaded, or {@code -Dstowage.native=false} is
 * set, {@link #available()} is false and callers use {@code java.util.zip}. Only ABI version 2 is loaded, because
 * the structure offsets below are those of {@code libisal.so.2} (2.x releases keep them; a new soname would not).
 */
public final class Isal {
    /** Set to {@code false} to never load native code (the JDK's zlib is then used everywhere). */
    public static final String PROPERTY = NativeLibraries.PROPERTY;

    // struct isal_zstream (igzip_lib.h, ISA-L 2.x, LP64)
    static final int ZSTREAM_SIZE = 82384;
    static final int Z_NEXT_IN = 0;
    static final int Z_AVAIL_IN = 8;
    static final int Z_NEXT_OUT = 16;
    static final int Z_AVAIL_OUT = 24;
    static final int Z_TOTAL_OUT = 28;
    static final int Z_LEVEL = 40;
    static final int Z_LEVEL_BUF_SIZE = 44;
    static final int Z_LEVEL_BUF = 48;
    static final int Z_END_OF_STREAM = 56;
    static final int Z_FLUSH = 58;
    static final int Z_GZIP_FLAG = 60;
    /** ISAL_DEF_LVL1_DEFAULT: the level-1 hash buffer size ISA-L recommends. */
    static final int LEVEL1_BUF_SIZE = 282624;

    // struct inflate_state
    static final int INFLATE_STATE_SIZE = 87368;
    static final int I_NEXT_OUT = 0;
    static final int I_AVAIL_OUT = 8;
    static final int I_NEXT_IN = 16;
    static final int I_AVAIL_IN = 32;
    static final int I_BLOCK_STATE = 21160;
    static final int I_CRC_FLAG = 21172;
    static final int ISAL_BLOCK_FINISH = 5;
    static final int ISAL_GZIP = 1;

    private static final String UNAVAILABLE;

    static {
        UNAVAILABLE = NativeLibraries.register(Isal.class, "libisal.so.2", Isal::selfTest);
    }

    private Isal() {
    }

    /** Whether ISA-L is loaded and usable. */
    public static boolean available() {
        return UNAVAILABLE == null;
    }

    /** Why ISA-L is not used, or null when it is. */
    public static String unavailableReason() {
        return UNAVAILABLE;
    }

    static native void isal_deflate_stateless_init(Pointer stream);

    static native int isal_deflate_stateless(Pointer stream);

    static native void isal_inflate_init(Pointer state);

    static native void isal_inflate_reset(Pointer state);

    static native int isal_inflate(Pointer state);

    /** A struct's fields, read and written from Java without a native call each. */
    static ByteBuffer fields(Memory struct) {
        return struct.getByteBuffer(0, struct.size()).order(ByteOrder.LITTLE_ENDIAN);
    }

    static long address(Pointer p) {
        return Pointer.nativeValue(p);
    }

    /** Compresses a known buffer both ways once, so a library whose layout differs is never used. */
    private static void selfTest() throws java.io.IOException {
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) ((i * 7) % 251 ^ (i >>> 9));
        try (BlockCompressor c = new BlockCompressor(data.length)) {
            byte[] out = new byte[c.maxOutput()];
            int n = c.compress(data, data.length, out);
            java.util.zip.Inflater inf = new java.util.zip.Inflater(true);
            try {
                inf.setInput(out, 0, n);
                byte[] back = new byte[data.length + 1];
                int m = inf.inflate(back);
                if (m != data.length || !inf.finished() || !java.util.Arrays.equals(data, 0, m, back, 0, m)) {
                    throw new IllegalStateException("ISA-L deflate self-test failed");
                }
            } catch (java.util.zip.DataFormatException e) {
                throw new IllegalStateException("ISA-L deflate self-test failed: " + e.getMessage());
            } finally {
                inf.end();
            }
        }
    }

    /**
     * Raw deflate of whole blocks at ISA-L level 1 (stateless: each block on its own, no dictionary), reusing its
     * native buffers. One thread at a time.
     */
    static final class BlockCompressor implements AutoCloseable {
        private final Memory stream = new Memory(ZSTREAM_SIZE);
        private final ByteBuffer f = fields(stream);
        private final Memory levelBuf = new Memory(LEVEL1_BUF_SIZE);
        private final Memory in;
        private Memory out;
        private final int maxInput;
        /** Zeroed bytes after the input: SIMD code may look a few bytes past the end, and must see the same ones. */
        private static final int PADDING = 256;

        BlockCompressor(int maxInput) {
            this.maxInput = maxInput;
            this.in = new Memory(maxInput + PADDING);
            this.out = new Memory(maxOutput());
        }

        /** Output room that always suffices: stored blocks cost 5 bytes per 64 KiB. */
        int maxOutput() {
            return maxInput + (maxInput >>> 7) + 1024;
        }

        /** Compresses {@code data[0..len)} as one final raw deflate stream into {@code dest}; returns its length. */
        int compress(byte[] data, int len, byte[] dest) {
            return compress(data, len, dest, 0);
        }

        /** The same, into {@code dest} from {@code destOff}. */
        int compress(byte[] data, int len, byte[] dest, int destOff) {
            if (len > maxInput) throw new IllegalArgumentException("block of " + len + " bytes > " + maxInput);
            if (len > 0) in.write(0, data, 0, len);
            in.setMemory(len, PADDING, (byte) 0);
            long room = out.size();
            // isal_deflate_stateless_init sets only some fields: hist_bits (the lookback window) and parts of the
            // internal state keep whatever the memory held, and JNA's Memory is malloc'd, not zeroed. A full-suite
            // run once gave different (valid) output with 6 threads than with 1 before this. Zeroed state (and
            // zeroed bytes after the input) make each block depend on its bytes only.
            stream.clear();
            levelBuf.clear();
            isal_deflate_stateless_init(stream);
            f.putLong(Z_NEXT_IN, address(in));
            f.putInt(Z_AVAIL_IN, len);
            f.putLong(Z_NEXT_OUT, address(out));
            f.putInt(Z_AVAIL_OUT, (int) room);
            f.putInt(Z_LEVEL, 1);
            f.putInt(Z_LEVEL_BUF_SIZE, LEVEL1_BUF_SIZE);
            f.putLong(Z_LEVEL_BUF, address(levelBuf));
            f.putShort(Z_END_OF_STREAM, (short) 1);
            f.putShort(Z_FLUSH, (short) 0);
            f.putShort(Z_GZIP_FLAG, (short) 0); // raw deflate: the caller writes the gzip member around it
            int rc = isal_deflate_stateless(stream);
            if (rc != 0) throw new IllegalStateException("ISA-L deflate failed with code " + rc);
            int n = f.getInt(Z_TOTAL_OUT);
            if (n > dest.length - destOff) throw new IllegalStateException("deflate output larger than its buffer");
            out.read(0, dest, destOff, n);
            return n;
        }

        @Override
        public void close() {
            stream.close();
            levelBuf.close();
            in.close();
            out.close();
        }
    }
}
