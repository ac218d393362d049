package dev.stowage.util;

import dev.stowage.image.Digest;
import dev.stowage.testing.Tools;
import dev.stowage.testing.Trickle;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ISA-L through JNA: both directions, against the JDK, commons-compress and gzip(1); and the fallback without it. */
class NativeGzipTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path tmp;

    @BeforeEach
    void needsIsal() {
        if (Tools.onCi()) {
            // .ci/test installs libisal2: on CI the fast path must really be taken
            assertThat(Isal.available()).as("ISA-L loaded (%s)", Isal.unavailableReason()).isTrue();
        }
        Assumptions.assumeTrue(Isal.available(), () -> "ISA-L not loaded: " + Isal.unavailableReason());
    }

    @Test
    void isalIsTheDefaultEngineAtLevelOneOnly() {
        assertThat(ParallelGzip.defaults().engine()).isEqualTo(ParallelGzip.Engine.ISAL);
        assertThat(new ParallelGzip(6, 2, MIB).engine()).isEqualTo(ParallelGzip.Engine.ZLIB);
        assertThatThrownBy(() -> new ParallelGzip(6, 2, MIB, ParallelGzip.Engine.ISAL))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compressorsUseIsal() throws IOException {
        assertThat(Compressors.gunzip(new ByteArrayInputStream(new byte[0]))).isInstanceOf(IsalGzipInputStream.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, 64 * 1024, MIB - 1, MIB, MIB + 1, 5 * MIB + 12345})
    void isalMembersReadByEveryGzipReader(int size) throws Exception {
        byte[] input = ParallelGzipTest.mixed(size, size + 1);
        byte[] gz = compress(new ParallelGzip(1, 2, MIB, ParallelGzip.Engine.ISAL), input);
        assertThat(members(gz)).isEqualTo(Math.max(1, (size + MIB - 1) / MIB));
        try (InputStream jdk = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertThat(jdk.readAllBytes()).isEqualTo(input);
        }
        try (InputStream commons = new GzipCompressorInputStream(new ByteArrayInputStream(gz), true)) {
            assertThat(commons.readAllBytes()).isEqualTo(input);
        }
        try (InputStream isal = new IsalGzipInputStream(new ByteArrayInputStream(gz))) {
            assertThat(isal.readAllBytes()).isEqualTo(input);
        }
        Tools.require("gzip");
        Path file = tmp.resolve("l.gz");
        Files.write(file, gz);
        Tools.run(tmp, "gzip", "-t", file.toString()).assertOk();
        assertThat(gunzipWithGzip(file)).isEqualTo(input);
    }

    @Test
    void isalOutputIsDeterministicAndIndependentOfThreadsAndReads() throws Exception {
        byte[] input = ParallelGzipTest.mixed(7 * MIB + 3, 99);
        byte[] one = compress(new ParallelGzip(1, 1, MIB, ParallelGzip.Engine.ISAL), input);
        byte[] two = compress(new ParallelGzip(1, 2, MIB, ParallelGzip.Engine.ISAL), input);
        byte[] six = compress(new ParallelGzip(1, 6, MIB, ParallelGzip.Engine.ISAL), input);
        for (int round = 0; round < 5; round++) { // buffers and compressors are reused, and the native heap changes
            ParallelGzip shared = new ParallelGzip(1, 1 + round % 3, MIB, ParallelGzip.Engine.ISAL);
            assertThat(compress(shared, input)).as("round %d", round).isEqualTo(one);
            assertThat(compress(shared, input)).as("round %d again", round).isEqualTo(one);
        }
        ByteArrayOutputStream trickled = new ByteArrayOutputStream();
        new ParallelGzip(1, 3, MIB, ParallelGzip.Engine.ISAL).compress(new Trickle(new ByteArrayInputStream(input), 77_777), trickled);
        assertThat(two).isEqualTo(one);
        assertThat(six).isEqualTo(one);
        assertThat(trickled.toByteArray()).isEqualTo(one);
        // ISA-L level 1 is much faster than zlib level 1 and costs a few percent in size, not more
        byte[] zlib = compress(new ParallelGzip(1, 2, MIB, ParallelGzip.Engine.ZLIB), input);
        assertThat((double) one.length).isLessThan(zlib.length * 1.08);
    }

    /** A compressor reused for many blocks (as a worker does) gives each block the bytes it gets alone. */
    @Test
    void aBlockCompressesTheSameWhateverTheCompressorDidBefore() {
        byte[] a = ParallelGzipTest.mixed(MIB, 1);
        byte[] b = ParallelGzipTest.mixed(MIB, 2);
        // b shares much text with a: stale hash entries from a would find matches in b
        System.arraycopy(a, 1000, b, 5000, 300_000);
        try (Isal.BlockCompressor fresh = new Isal.BlockCompressor(MIB); Isal.BlockCompressor used = new Isal.BlockCompressor(MIB)) {
            byte[] out1 = new byte[fresh.maxOutput()];
            byte[] out2 = new byte[used.maxOutput()];
            int alone = fresh.compress(b, b.length, out1);
            for (int round = 0; round < 3; round++) {
                used.compress(a, a.length, out2);
                int after = used.compress(b, b.length, out2);
                assertThat(Arrays.copyOf(out2, after)).isEqualTo(Arrays.copyOf(out1, alone));
            }
        }
    }

    /**
     * JNA's Memory is malloc'd, not zeroed, and isal_deflate_stateless_init leaves fields such as hist_bits alone: a
     * compressor whose memory held junk must still give the same bytes (here the junk is planted by freeing a block
     * of the stream's size just before, which malloc hands out again).
     */
    @Test
    void junkInReusedNativeMemoryDoesNotChangeTheOutput() {
        byte[] data = ParallelGzipTest.mixed(MIB, 11);
        byte[] reference;
        try (Isal.BlockCompressor c = new Isal.BlockCompressor(MIB)) {
            byte[] out = new byte[c.maxOutput()];
            reference = Arrays.copyOf(out, c.compress(data, data.length, out));
        }
        for (int round = 0; round < 10; round++) {
            com.sun.jna.Memory junk = new com.sun.jna.Memory(Isal.ZSTREAM_SIZE);
            junk.setMemory(0, Isal.ZSTREAM_SIZE, (byte) 0);
            junk.setShort(62, (short) (9 + round % 4)); // hist_bits: a 512..4096-byte window
            junk.close();
            try (Isal.BlockCompressor c = new Isal.BlockCompressor(MIB)) {
                byte[] out = new byte[c.maxOutput()];
                assertThat(Arrays.copyOf(out, c.compress(data, data.length, out))).as("round %d", round).isEqualTo(reference);
            }
        }
    }

    @Test
    void isalReadsWhatZlibAndGzipWrite() throws Exception {
        byte[] input = ParallelGzipTest.mixed(3 * MIB + 5, 5);
        // the zlib engine's members
        byte[] members = compress(new ParallelGzip(6, 2, 256 * 1024, ParallelGzip.Engine.ZLIB), input);
        assertThat(inflate(members, 4096)).isEqualTo(input);
        // one JDK member
        ByteArrayOutputStream jdk = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(jdk)) {
            z.write(input);
        }
        assertThat(inflate(jdk.toByteArray(), 100_000)).isEqualTo(input);
        // gzip(1) with a file name in the header (FNAME), concatenated with a second member, as `cat a.gz b.gz`
        Tools.require("gzip");
        Path named = tmp.resolve("named-file.bin");
        Files.write(named, input);
        Tools.run(tmp, "gzip", "-k", "-9", named.toString()).assertOk();
        byte[] withName = Files.readAllBytes(tmp.resolve("named-file.bin.gz"));
        assertThat(withName[3] & 0x08).as("FNAME flag").isNotZero();
        byte[] twice = concat(withName, jdk.toByteArray());
        assertThat(inflate(twice, 1)).isEqualTo(concat(input, input));
        assertThat(inflate(twice, 333)).isEqualTo(concat(input, input));
    }

    @Test
    void isalRejectsDamagedData() {
        byte[] input = ParallelGzipTest.mixed(2 * MIB, 8);
        byte[] gz;
        try {
            gz = compress(new ParallelGzip(1, 2, MIB, ParallelGzip.Engine.ISAL), input);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        // truncated inside the second member
        assertThatThrownBy(() -> inflate(Arrays.copyOf(gz, gz.length - 100), 8192)).isInstanceOf(EOFException.class);
        // a flipped CRC32 in the last trailer
        byte[] badCrc = gz.clone();
        badCrc[badCrc.length - 6] ^= 0x55;
        assertThatThrownBy(() -> inflate(badCrc, 8192)).isInstanceOf(ZipException.class).hasMessageContaining("CRC");
        // garbage after the last member (Go's reader refuses it too)
        assertThatThrownBy(() -> inflate(concat(gz, "trailing junk".getBytes()), 8192)).isInstanceOf(ZipException.class);
        // not gzip at all, and nothing at all
        assertThatThrownBy(() -> inflate("plain text, not gzip".getBytes(), 8192)).isInstanceOf(ZipException.class);
        assertThatThrownBy(() -> inflate(new byte[0], 8192)).isInstanceOf(EOFException.class);
    }

    /** Not a pass/fail check: prints inflate speeds of ISA-L and the JDK on the same data. */
    @Test
    void inflateThroughput() throws Exception {
        byte[] input = ParallelGzipTest.mixed(64 * MIB, 64);
        byte[] gz = compress(ParallelGzip.defaults(), input);
        for (int i = 0; i < 2; i++) {
            inflate(gz, 256 * 1024);
            new GZIPInputStream(new ByteArrayInputStream(gz), 1 << 16).transferTo(java.io.OutputStream.nullOutputStream());
        }
        long t0 = System.nanoTime();
        new IsalGzipInputStream(new ByteArrayInputStream(gz)).transferTo(java.io.OutputStream.nullOutputStream());
        long t1 = System.nanoTime();
        new GZIPInputStream(new ByteArrayInputStream(gz), 1 << 16).transferTo(java.io.OutputStream.nullOutputStream());
        long t2 = System.nanoTime();
        new GzipCompressorInputStream(new ByteArrayInputStream(gz), true).transferTo(java.io.OutputStream.nullOutputStream());
        long t3 = System.nanoTime();
        double mb = input.length / 1e6;
        System.out.printf("inflate of %.0f MB of mixed data: ISA-L %.0f MB/s, GZIPInputStream %.0f MB/s, commons-compress %.0f MB/s%n",
                mb, mb / ((t1 - t0) / 1e9), mb / ((t2 - t1) / 1e9), mb / ((t3 - t2) / 1e9));
    }

    /**
     * Without the native library (here: {@code -Dstowage.native=false} in a child JVM) everything still works, with
     * the JDK's zlib, and the output is still gzip any reader takes.
     */
    @Test
    void withoutTheNativeLibraryTheJdkIsUsed() throws Exception {
        Path out = tmp.resolve("fallback.gz");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dstowage.native=false", "-cp", System.getProperty("java.class.path"),
                FallbackProbe.class.getName(), out.toString())
                .redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(printed).isZero();
        assertThat(printed).contains("available=false", "engine=ZLIB", "reader=GzipCompressorInputStream", "roundtrip=ok",
                "sha=Jdk-ok");
        byte[] gz = Files.readAllBytes(out);
        assertThat(members(gz)).isEqualTo(3);
        assertThat(inflate(gz, 65536)).isEqualTo(FallbackProbe.input());
        // the fallback's bytes differ from ISA-L's (another encoder) but decode the same
        assertThat(gz).isNotEqualTo(compress(ParallelGzip.defaults(), FallbackProbe.input()));
    }

    // --- helpers ---

    private static byte[] compress(ParallelGzip gzip, byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ParallelGzip.Result r = gzip.compress(new ByteArrayInputStream(input), out);
        assertThat(r.compressedSize()).isEqualTo(out.size());
        assertThat(r.uncompressedDigest()).isEqualTo(Digest.sha256(input));
        return out.toByteArray();
    }

    /** Reads through ISA-L in reads of at most {@code chunk} bytes. */
    static byte[] inflate(byte[] gz, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new IsalGzipInputStream(new Trickle(new ByteArrayInputStream(gz), 50_000))) {
            byte[] b = new byte[chunk];
            int n;
            while ((n = in.read(b, 0, chunk)) >= 0) out.write(b, 0, n);
        }
        return out.toByteArray();
    }

    /** How many gzip members, counted by decoding them one by one with the JDK. */
    static int members(byte[] gz) throws IOException {
        int count = 0;
        int pos = 0;
        while (pos < gz.length) {
            java.util.zip.Inflater inf = new java.util.zip.Inflater(true);
            try {
                assertThat(gz[pos] & 0xff).isEqualTo(0x1f);
                assertThat(gz[pos + 1] & 0xff).isEqualTo(0x8b);
                inf.setInput(gz, pos + 10, gz.length - pos - 10);
                byte[] sink = new byte[65536];
                while (!inf.finished()) {
                    if (inf.inflate(sink) == 0 && inf.needsInput()) throw new EOFException("member ends early");
                }
                pos = gz.length - inf.getRemaining() + 8;
                count++;
            } catch (java.util.zip.DataFormatException e) {
                throw new IOException(e);
            } finally {
                inf.end();
            }
        }
        return count;
    }

    private byte[] gunzipWithGzip(Path file) throws Exception {
        Path plain = tmp.resolve("plain");
        Process p = new ProcessBuilder("gzip", "-dc", file.toString()).redirectOutput(plain.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return Files.readAllBytes(plain);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
