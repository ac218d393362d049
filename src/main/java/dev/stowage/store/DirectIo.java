package dev.stowage.store;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Direct I/O ({@code O_DIRECT}) for large blobs that pass through once: bytes go between the disk and our own buffers
 * without a copy in the page cache. Filling the page cache costs CPU for every new page (on virtual machines, where
 * CI pushes mostly run, several times the copy itself, since the host backs the page on first touch) and evicts what
 * other programs cache, for bytes nobody reads again soon. Buffers, positions and lengths must be whole blocks of
 * {@link #ALIGNMENT}. {@code -Dstowage.directIo=false} turns it off.
 */
public final class DirectIo {
    public static final int ALIGNMENT = 4096;

    private DirectIo() {
    }

    /** A channel on {@code file} with O_DIRECT, or null where the file system (or the JDK) refuses it. */
    public static FileChannel open(Path file, OpenOption mode) {
        if ("false".equalsIgnoreCase(System.getProperty("stowage.directIo", "true"))) return null;
        try {
            long block = Files.getFileStore(file).getBlockSize();
            if (block <= 0 || ALIGNMENT % block != 0) return null;
            return FileChannel.open(file, mode, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** A direct buffer of {@code size} bytes (a multiple of {@link #ALIGNMENT}) starting on a block boundary. */
    public static ByteBuffer alignedBuffer(int size) {
        return ByteBuffer.allocateDirect(size + ALIGNMENT).alignedSlice(ALIGNMENT).slice(0, size);
    }
}
