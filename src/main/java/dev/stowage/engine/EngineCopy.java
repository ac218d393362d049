package dev.stowage.engine;

import dev.stowage.archive.ArchiveFormat;
import dev.stowage.archive.ArchiveLoader;
import dev.stowage.archive.ArchiveWriter;
import dev.stowage.archive.LoadedImage;
import dev.stowage.store.Store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

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
        try (InputStream in = engine.save(images)) {
            return new ArchiveLoader(store).load(new BufferedInputStream(in, 1 << 20));
        }
    }

    /** Store → engine: a docker-archive of the items written into the load request; the engine's lines. */
    public List<String> toEngine(List<ArchiveWriter.Item> items) throws IOException {
        ArchiveWriter writer = new ArchiveWriter(store);
        return engine.load(out -> {
            writer.write(items, ArchiveFormat.DOCKER, out);
            out.flush();
        });
    }
}
