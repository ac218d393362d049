package dev.stowage.util;

import dev.stowage.image.Digest;
import dev.stowage.testing.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParallelGzipTest {
    private static final int MIB = 1 << 20;
    private static final int SMALL_BLOCK = 64 * 1024;

    @TempDir
    Path tmp;

    @AfterEach
    void noThreadIsLeftRunning() {
        assertThat(gzipThreads()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, SMALL_BLOCK - 1, SMALL_BLOCK, SMALL_BLOCK + 1, 3 * SMALL_BLOCK, 3 * SMALL_BLOCK + 7,
            40 * SMALL_BLOCK + 12345})
    void roundTripsAroundBlockBoundaries(int size) throws Exception {
        byte[] input = mixed(size, size);
        roundTrip(new ParallelGzip(1, 2, SMALL_BLOCK), input);
    }

    @Test
    void roundTripsManyDefaultBlocksOfMixedData() throws Exception {
        byte[] input = mixed(20 * MIB + 333, 20);
        byte[] gz = roundTrip(ParallelGzip.defaults(), input);
        assertThat(gz.length).isLessThan(input.length);
    }

    @Test
    void emptyInputIsAValidEmptyGzip() throws Exception {
        byte[] gz = roundTrip(ParallelGzip.defaults(), new byte[0]);
        assertThat(gz).hasSizeLessThan(32);
        // A fixed header: no name, mtime 0, XFL 4 for level 1, OS 255.
        assertThat(java.util.Arrays.copyOf(gz, 10))
                .containsExactly(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 0xff);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 1, 6, 9})
    void everyLevelRoundTrips(int level) throws Exception {
        byte[] input = mixed(5 * SMALL_BLOCK + 99, level + 100);
        byte[] gz = roundTrip(new ParallelGzip(level, 2, SMALL_BLOCK), input);
        assertThat(gz[8] & 0xff).isEqualTo(level == 9 ? 2 : level == 1 ? 4 : 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 1000, 32 * 1024, 32 * 1024 + 1, 100_000, MIB, 4 * MIB})
    void everyBlockSizeRoundTrips(int blockSize) throws Exception {
        int size = blockSize < 1000 ? 20_000 : 6 * MIB + 5;
        byte[] input = mixed(size, blockSize);
        roundTrip(new ParallelGzip(1, 2, blockSize), input);
    }

    @Test
    void outputDependsOnlyOnInputLevelAndBlockSizeNotOnThreads() throws Exception {
        byte[] input = mixed(9 * MIB + 17, 7);
        int blockSize = 256 * 1024;
        byte[] one = compress(new ParallelGzip(1, 1, blockSize), input);
        byte[] two = compress(new ParallelGzip(1, 2, blockSize), input);
        byte[] four = compress(new ParallelGzip(1, 4, blockSize), input);
        byte[] eight = compress(new ParallelGzip(1, 8, blockSize), input);
        byte[] again = compress(new ParallelGzip(1, 4, blockSize), input);
        assertThat(two).isEqualTo(one);
        assertThat(four).isEqualTo(one);
        assertThat(eight).isEqualTo(one);
        assertThat(again).isEqualTo(one);
        // The same through a stream that hands out odd short reads: block boundaries do not follow read sizes.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ParallelGzip(1, 3, blockSize).compress(new TrickleInputStream(new ByteArrayInputStream(input)), out);
        assertThat(out.toByteArray()).isEqualTo(one);
        // At level 6 too.
        assertThat(compress(new ParallelGzip(6, 4, blockSize), input))
                .isEqualTo(compress(new ParallelGzip(6, 1, blockSize), input));
    }

    @Test
    void aFailingInputPropagatesItsIOExceptionAndStopsEveryThread() {
        byte[] input = mixed(8 * MIB, 3);
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(input)) {
            long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > 5 * MIB) throw new IOException("disk on fire");
                int n = super.read(b, off, Math.min(len, 64 * 1024));
                if (n > 0) read += n;
                return n;
            }
        };
        assertThatThrownBy(() -> new ParallelGzip(1, 4, SMALL_BLOCK).compress(failing, OutputStream.nullOutputStream()))
                .isInstanceOf(IOException.class)
                .hasMessage("disk on fire");
        assertThat(gzipThreads()).isEmpty();
    }

    @Test
    void aFailingOutputPropagatesItsIOExceptionAndStopsEveryThread() {
        byte[] input = mixed(8 * MIB, 4);
        OutputStream failing = new OutputStream() {
            long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > MIB) throw new IOException("network gone");
            }
        };
        assertThatThrownBy(() -> new ParallelGzip(1, 4, SMALL_BLOCK).compress(new ByteArrayInputStream(input), failing))
                .isInstanceOf(IOException.class)
                .hasMessage("network gone");
        assertThat(gzipThreads()).isEmpty();
    }

    @Test
    void aRuntimeFailureOfTheOutputPropagatesToo() {
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void write(byte[] b, int off, int len) {
                throw new IllegalStateException("boom");
            }
        };
        assertThatThrownBy(() -> new ParallelGzip(1, 2, SMALL_BLOCK)
                .compress(new ByteArrayInputStream(mixed(MIB, 5)), failing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("boom");
        assertThat(gzipThreads()).isEmpty();
    }

    @Test
    void interruptionBecomesInterruptedIOExceptionAndStopsEveryThread() {
        byte[] input = mixed(8 * MIB, 6);
        InputStream interrupting = new FilterInputStream(new ByteArrayInputStream(input)) {
            long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) read += n;
                if (read > 2 * MIB) Thread.currentThread().interrupt();
                return n;
            }
        };
        try {
            assertThatThrownBy(() -> new ParallelGzip(1, 2, SMALL_BLOCK)
                    .compress(interrupting, OutputStream.nullOutputStream()))
                    .isInstanceOf(InterruptedIOException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt status kept").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(gzipThreads()).isEmpty();
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> new ParallelGzip(10, 1, MIB)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParallelGzip(-2, 1, MIB)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParallelGzip(1, 0, MIB)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParallelGzip(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        ParallelGzip d = ParallelGzip.defaults();
        assertThat(d.level()).isEqualTo(1);
        assertThat(d.blockSize()).isEqualTo(MIB);
        assertThat(d.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    /** Not a pass/fail check: prints the throughput next to the JDK's single-threaded GZIPOutputStream. */
    @Test
    void throughput() throws Exception {
        byte[] input = mixed(64 * MIB, 64);
        ParallelGzip parallel = ParallelGzip.defaults();
        ParallelGzip oneThread = new ParallelGzip(1, 1, MIB);
        for (int i = 0; i < 2; i++) { // warm up
            parallel.compress(new ByteArrayInputStream(input, 0, 8 * MIB), OutputStream.nullOutputStream());
            jdkGzip(new ByteArrayInputStream(input, 0, 8 * MIB), Deflater.DEFAULT_COMPRESSION);
        }
        double mb = input.length / 1e6;
        long t0 = System.nanoTime();
        ParallelGzip.Result r = parallel.compress(new ByteArrayInputStream(input), OutputStream.nullOutputStream());
        long t1 = System.nanoTime();
        oneThread.compress(new ByteArrayInputStream(input), OutputStream.nullOutputStream());
        long t2 = System.nanoTime();
        long jdk6 = jdkGzip(new ByteArrayInputStream(input), Deflater.DEFAULT_COMPRESSION);
        long t3 = System.nanoTime();
        long jdk1 = jdkGzip(new ByteArrayInputStream(input), 1);
        long t4 = System.nanoTime();
        System.out.printf("ParallelGzip throughput on %.0f MB of mixed data (%d cores):%n", mb,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("  ParallelGzip.defaults() level 1 (%s), %d threads: %7.1f MB/s, ratio %.3f (hashes its input)%n",
                parallel.engine(), parallel.threads(), mb / ((t1 - t0) / 1e9), (double) r.compressedSize() / input.length);
        System.out.printf("  ParallelGzip level 1 (%s), 1 thread:          %7.1f MB/s%n", oneThread.engine(), mb / ((t2 - t1) / 1e9));
        System.out.printf("  GZIPOutputStream default level (6):      %7.1f MB/s, ratio %.3f (no hashing)%n",
                mb / ((t3 - t2) / 1e9), (double) jdk6 / input.length);
        System.out.printf("  GZIPOutputStream level 1:                %7.1f MB/s, ratio %.3f (no hashing)%n",
                mb / ((t4 - t3) / 1e9), (double) jdk1 / input.length);
    }

    // --- helpers ---

    /** Compresses, checks the Result against independent hashes, and decompresses with the JDK and gzip(1). */
    private byte[] roundTrip(ParallelGzip gzip, byte[] input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ParallelGzip.Result r = gzip.compress(new ByteArrayInputStream(input), out);
        byte[] gz = out.toByteArray();
        assertThat(r.uncompressedSize()).isEqualTo(input.length);
        assertThat(r.uncompressedDigest()).isEqualTo(Digest.sha256(input));
        assertThat(r.compressedSize()).isEqualTo(gz.length);

        try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertThat(unzipped.readAllBytes()).isEqualTo(input);
        }

        Tools.require("gzip");
        Path file = tmp.resolve("layer.gz");
        Path plain = tmp.resolve("layer");
        Files.write(file, gz);
        Tools.run(tmp, "gzip", "-t", file.toString()).assertOk();
        ProcessBuilder pb = new ProcessBuilder("gzip", "-dc", file.toString())
                .redirectOutput(plain.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.size(plain)).isEqualTo(input.length);
        try (InputStream fromGzip = Files.newInputStream(plain)) {
            assertThat(Hashing.sha256(fromGzip)).isEqualTo(Digest.sha256(input));
        }
        return gz;
    }

    private static byte[] compress(ParallelGzip gzip, byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        gzip.compress(new ByteArrayInputStream(input), out);
        return out.toByteArray();
    }

    private static long jdkGzip(InputStream in, int level) throws IOException {
        CountingOutputStream counter = new CountingOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(counter, 64 * 1024) {
            {
                def.setLevel(level);
            }
        }) {
            in.transferTo(gz);
        }
        return counter.count;
    }

    private static final class CountingOutputStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    /** Hands out reads of odd, varying lengths. */
    private static final class TrickleInputStream extends FilterInputStream {
        private int next = 1;

        TrickleInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            next = next * 31 % 70_001 + 1;
            return super.read(b, off, Math.min(len, next));
        }
    }

    private static List<Thread> gzipThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("stowage-gzip-") && t.isAlive())
                .toList();
    }

    private static final String[] WORDS = ("FROM RUN COPY usr lib bin etc share include python3 node_modules index.js "
            + "package.json README LICENSE the of and to in is for static const return function import export class "
            + "public private void int long String byte = ; { } ( ) \n \t # // <div> </div> http://example.com").split(" ");

    /**
     * Layer-like data from a seed: runs of text, of already-compressed (random) bytes, of low-entropy binary and of
     * zeros, each a few KiB to a few hundred KiB long.
     */
    static byte[] mixed(int size, long seed) {
        Random rnd = new Random(seed);
        byte[] data = new byte[size];
        int pos = 0;
        while (pos < size) {
            int run = Math.min(size - pos, 4096 + rnd.nextInt(256 * 1024));
            int kind = rnd.nextInt(10);
            if (kind < 4) { // text
                int end = pos + run;
                while (pos < end) {
                    byte[] w = (WORDS[rnd.nextInt(WORDS.length)] + (rnd.nextInt(4) == 0 ? rnd.nextInt(1000) : "") + " ")
                            .getBytes(StandardCharsets.US_ASCII);
                    int n = Math.min(w.length, end - pos);
                    System.arraycopy(w, 0, data, pos, n);
                    pos += n;
                }
            } else if (kind < 7) { // compressed payload
                byte[] r = new byte[run];
                rnd.nextBytes(r);
                System.arraycopy(r, 0, data, pos, run);
                pos += run;
            } else if (kind < 9) { // machine code-ish: skewed byte distribution
                for (int i = 0; i < run; i++) {
                    int x = rnd.nextInt(256);
                    data[pos++] = (byte) (x < 128 ? 0 : x < 192 ? rnd.nextInt(16) : rnd.nextInt(256));
                }
            } else { // zeros (sparse files, padding)
                pos += run;
            }
        }
        return data;
    }
}
