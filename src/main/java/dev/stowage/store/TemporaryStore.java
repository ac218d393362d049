package dev.stowage.store;

import dev.stowage.util.FileOps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A throwaway store in the temp directory, deleted on {@link #close()}: where images from elsewhere (an engine)
 * are streamed so that code reading stores (the layer views) can read them too.
 */
public final class TemporaryStore implements AutoCloseable {
    private final Path dir;
    private final Store store;

    private TemporaryStore(Path dir, Store store) {
        this.dir = dir;
        this.store = store;
    }

    public static TemporaryStore create(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        try {
            return new TemporaryStore(dir, Store.open(dir));
        } catch (IOException | RuntimeException e) {
            FileOps.deleteRecursively(dir);
            throw e;
        }
    }

    public Store store() {
        return store;
    }

    @Override
    public void close() throws IOException {
        FileOps.deleteRecursively(dir);
    }
}
