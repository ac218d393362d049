package dev.stowage.store;

import dev.stowage.image.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Blob temp files: bytes and digest exact at every size around the buffer boundaries. */
class BlobSinkTest {
    private static final int MIB = BlobSink.BUFFER;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4095, 4096, 4097, MIB - 1, MIB, MIB + 1, 3 * MIB + 4096, 3 * MIB + 12345})
    void writesExactlyTheBytesAndTheirDigest(int size) throws IOException {
        byte[] data = random(size);
        BlobSink.Written w;
        try (BlobSink sink = BlobSink.createIn(tmp)) {
            Random cuts = new Random(size);
            int at = 0;
            while (at < size) {
                int n = Math.min(size - at, 1 + cuts.nextInt(200_000));
                sink.write(data, at, n);
                at += n;
            }
            w = sink.finish();
        }
        w.durable().join();
        assertThat(w.size()).isEqualTo(size);
        assertThat(w.digest()).isEqualTo(Digest.sha256(data));
        assertThat(Files.readAllBytes(w.file())).isEqualTo(data);
    }

    @Test
    void anAbandonedSinkLeavesNoFile() throws IOException {
        Path file;
        try (BlobSink sink = BlobSink.createIn(tmp)) {
            sink.write(random(2 * MIB + 1));
            try (var files = Files.list(tmp)) {
                file = files.findFirst().orElseThrow();
            }
        }
        assertThat(file).doesNotExist();
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size * 31L + 7).nextBytes(b);
        return b;
    }
}
