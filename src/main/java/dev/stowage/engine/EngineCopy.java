package dev.stowage.engine;

import dev.stowage.archive.ArchiveFormat;
import dev.stowage.archive.ArchiveLoader;
import dev.stowage.archive.ArchiveWriter;
import dev.stowage.archive.LoadedImage;
import dev.stowage.store.Store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.FilterOutputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.LongConsumer;
import dev.stowage.util.ObservingInputStream;

/**
 * Moves images between an engine and the embedded store, streamed both ways with no temporary file: the
 * engine's {@code GET /images/get} answer is read by the archive loader as it arrives, and the archive
 * writer writes straight into the {@code POST /images/load} request. Layer bytes are copied as they are,
 * so their digests match on both sides. A failed copy into the store leaves it as it was (the loader
 * publishes only complete images).
 */
public final class EngineCopy {
    private final EngineImages engine;
    private final Store store;

    public EngineCopy(EngineImages engine, Store store) {
        this.engine = engine;
        this.store = store;
    }

    /** Engine → store: the images (names or IDs, as the engine knows them) with the names the engine gives them. */
    public List<LoadedImage> toStore(List<String> images) throws IOException {
        return toStore(images, bytes -> { });
    }

    /** {@link #toStore(List)}, telling {@code progress} how many bytes of the engine's archive were read so far. */
    public List<LoadedImage> toStore(List<String> images, LongConsumer progress) throws IOException {
        try (InputStream in = engine.save(images)) {
            InputStream counted = new ObservingInputStream(in) {
                private long read;

                @Override
                protected void observe(byte[] b, int off, int len) {
                    progress.accept(read += len);
                }
            };
            return new ArchiveLoader(store).load(new BufferedInputStream(counted, 1 << 20));
        }
    }

    /** Store → engine: a docker-archive of the items written into the load request; the engine's lines. */
    public List<String> toEngine(List<ArchiveWriter.Item> items) throws IOException {
        return toEngine(items, bytes -> { });
    }

    /** {@link #toEngine(List)}, telling {@code progress} how many bytes of the archive were written so far. */
    public List<String> toEngine(List<ArchiveWriter.Item> items, LongConsumer progress) throws IOException {
        ArchiveWriter writer = new ArchiveWriter(store);
        return engine.load(out -> {
            OutputStream counted = new FilterOutputStream(out) {
                private long written;

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    progress.accept(written += len);
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    progress.accept(++written);
                }
            };
            writer.write(items, ArchiveFormat.DOCKER, counted);
            counted.flush();
        });
    }
}
