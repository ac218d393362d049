package dev.stowage.store;

import dev.stowage.image.Compression;
import dev.stowage.image.Digest;
import dev.stowage.util.ParallelGzip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The spooling pipeline (read and write | decompress | hash) gives the same answers as hashing by hand. */
@Timeout(60)
class SpoolerTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path tmp;

    @Test
    void multiMemberGzipIsStoredAsReceivedAndItsContentHashed() throws Exception {
        byte[] raw = data(5 * MIB + 4321, 1);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        ParallelGzip.defaults().compress(new ByteArrayInputStream(raw), gz);
        for (int maxRead : new int[] {1 << 20, 8192, 777}) {
            try (Staging staging = Store.open(tmp.resolve("s" + maxRead)).newStaging()) {
                SpooledBlob b = staging.spool("layer", new Trickle(new ByteArrayInputStream(gz.toByteArray()), maxRead));
                assertThat(b.compression()).isEqualTo(Compression.GZIP);
                assertThat(b.digest()).isEqualTo(Digest.sha256(gz.toByteArray()));
                assertThat(b.size()).isEqualTo(gz.size());
                assertThat(b.diffId()).isEqualTo(Digest.sha256(raw));
                assertThat(b.diffIdError()).isNull();
                assertThat(Files.readAllBytes(staging.pathOf(b.digest()))).isEqualTo(gz.toByteArray());
            }
        }
    }

    @Test
    void oneMemberGzipFromTheJdkAndPlainDataToo() throws Exception {
        byte[] raw = data(3 * MIB + 5, 2);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(raw);
        }
        try (Staging staging = Store.open(tmp.resolve("s")).newStaging()) {
            SpooledBlob g = staging.spool("gz", new ByteArrayInputStream(gz.toByteArray()));
            assertThat(g.diffId()).isEqualTo(Digest.sha256(raw));
            SpooledBlob plain = staging.spool("plain", new ByteArrayInputStream(raw));
            assertThat(plain.compression()).isEqualTo(Compression.NONE);
            assertThat(plain.digest()).isEqualTo(Digest.sha256(raw));
            assertThat(plain.diffId()).isEqualTo(plain.digest());
            SpooledBlob empty = staging.spool("empty", new ByteArrayInputStream(new byte[0]));
            assertThat(empty.size()).isZero();
            assertThat(empty.digest()).isEqualTo(Digest.sha256(new byte[0]));
        }
    }

    @Test
    void damagedCompressedDataIsKeptWithTheReasonItHasNoDiffId() throws Exception {
        byte[] raw = data(4 * MIB, 3);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        ParallelGzip.defaults().compress(new ByteArrayInputStream(raw), gz);
        byte[] damaged = gz.toByteArray();
        for (int i = 0; i < 64; i++) damaged[damaged.length / 3 + i] ^= (byte) 0xA5;
        try (Staging staging = Store.open(tmp.resolve("s")).newStaging()) {
            SpooledBlob b = staging.spool("bad", new ByteArrayInputStream(damaged));
            assertThat(b.digest()).isEqualTo(Digest.sha256(damaged)); // read to the end all the same
            assertThat(b.size()).isEqualTo(damaged.length);
            assertThat(b.diffId()).isNull();
            assertThat(b.diffIdError()).startsWith("'bad' is not valid gzip data");
        }
    }

    @Test
    void aFailingSourceFailsTheSpoolWithItsOwnException() throws Exception {
        byte[] raw = data(6 * MIB, 4);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        ParallelGzip.defaults().compress(new ByteArrayInputStream(raw), gz);
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(gz.toByteArray())) {
            long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > 2 * MIB) throw new IOException("connection reset");
                int n = super.read(b, off, Math.min(len, 64 * 1024));
                if (n > 0) read += n;
                return n;
            }
        };
        try (Staging staging = Store.open(tmp.resolve("s")).newStaging()) {
            assertThatThrownBy(() -> staging.spool("layer", failing)).isInstanceOf(IOException.class).hasMessage("connection reset");
            // the staging area is still usable
            assertThat(staging.spool("again", new ByteArrayInputStream(gz.toByteArray())).diffId()).isEqualTo(Digest.sha256(raw));
        }
    }

    @Test
    void anInterruptedSpoolStops() throws Exception {
        byte[] raw = data(6 * MIB, 5);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        ParallelGzip.defaults().compress(new ByteArrayInputStream(raw), gz);
        InputStream interrupting = new FilterInputStream(new ByteArrayInputStream(gz.toByteArray())) {
            long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, Math.min(len, 64 * 1024));
                if (n > 0) read += n;
                if (read > MIB) Thread.currentThread().interrupt();
                return n;
            }
        };
        try (Staging staging = Store.open(tmp.resolve("s")).newStaging()) {
            // which one depends on where the interrupt lands: between reads, or in the sink's FileChannel
            assertThatThrownBy(() -> staging.spool("layer", interrupting))
                    .isInstanceOfAny(InterruptedIOException.class, java.nio.channels.ClosedByInterruptException.class);
            assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
        }
    }

    /** Text-like, random and zero runs, from a seed. */
    private static byte[] data(int size, long seed) {
        Random rnd = new Random(seed);
        byte[] b = new byte[size];
        int pos = 0;
        while (pos < size) {
            int run = Math.min(size - pos, 1000 + rnd.nextInt(200_000));
            int kind = rnd.nextInt(3);
            if (kind == 0) {
                for (int i = 0; i < run; i++) b[pos + i] = (byte) ("layer data, text-like " .charAt((pos + i) % 22));
            } else if (kind == 1) {
                byte[] r = new byte[run];
                rnd.nextBytes(r);
                System.arraycopy(r, 0, b, pos, run);
            }
            pos += run;
        }
        return b;
    }

    private static final class Trickle extends FilterInputStream {
        private final int max;
        private int next = 1;

        Trickle(InputStream in, int max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            next = next * 31 % max + 1;
            return super.read(b, off, Math.min(len, next));
        }
    }
}
