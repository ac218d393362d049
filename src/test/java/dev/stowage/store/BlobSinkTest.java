package dev.stowage.store;

import dev.stowage.image.Digest;
import dev.stowage.testing.Tools;
import dev.stowage.testing.UnevenPieces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Blob temp files: bytes and digest exact at every size around the buffer and block boundaries, direct or not. */
class BlobSinkTest {
    private static final int MIB = BlobSink.BUFFER;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4095, 4096, 4097, MIB - 1, MIB, MIB + 1, 3 * MIB + 4096, 3 * MIB + 12345})
    void writesExactlyTheBytesAndTheirDigest(int size) throws IOException {
        assertThat(writeAndRead(BlobSink.createIn(tmp), size)).isEqualTo(random(size));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4095, 4096, 4097, MIB - 1, MIB, MIB + 1, 3 * MIB + 4096, 3 * MIB + 12345})
    void directIoWritesExactlyTheBytesToo(int size) throws IOException {
        BlobSink sink = BlobSink.createDirectIn(tmp);
        if (Tools.onCi()) assertThat(sink.direct()).as("O_DIRECT on %s", Files.getFileStore(tmp).type()).isTrue();
        assertThat(writeAndRead(sink, size)).isEqualTo(random(size));
    }

    @Test
    void directIoCanBeTurnedOffAndTmpfsTakesTheSameBytes() throws IOException {
        System.setProperty("stowage.directIo", "false");
        try {
            assertThat(BlobSink.createDirectIn(tmp).direct()).isFalse();
        } finally {
            System.clearProperty("stowage.directIo");
        }
        // tmpfs refused O_DIRECT before Linux 6.6 and takes it since: either way the bytes are the same
        Path shm = Path.of("/dev/shm");
        if (Files.isWritable(shm) && "tmpfs".equals(Files.getFileStore(shm).type())) {
            Path dir = Files.createTempDirectory(shm, "stowage-blobs");
            try {
                assertThat(writeAndRead(BlobSink.createDirectIn(dir), MIB + 5)).isEqualTo(random(MIB + 5));
            } finally {
                dev.stowage.util.FileOps.deleteRecursively(dir);
            }
        }
    }

    /** Writes {@code random(size)} in uneven pieces; checks size and digest; returns the file's bytes. */
    private static byte[] writeAndRead(BlobSink opened, int size) throws IOException {
        byte[] data = random(size);
        BlobSink.Written w;
        try (BlobSink sink = opened) {
            UnevenPieces.write(data, size, 200_000, sink::write);
            w = sink.finish();
        }
        w.durable().join();
        assertThat(w.size()).isEqualTo(size);
        assertThat(w.digest()).isEqualTo(Digest.sha256(data));
        return Files.readAllBytes(w.file());
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
