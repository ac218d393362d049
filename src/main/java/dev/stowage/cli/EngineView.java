package dev.stowage.cli;

import dev.stowage.engine.EngineClient;
import dev.stowage.engine.EngineCopy;
import dev.stowage.engine.EngineImages;
import dev.stowage.store.TemporaryStore;

import java.io.IOException;
import java.util.List;

/**
 * Layer views (layers, tree, analyze, diff, export-layer) on engine images: the images are streamed out of
 * the engine ({@code GET /images/get}) into a throwaway store in the temp directory, the command reads
 * that, and the store is deleted afterwards. Image names and IDs stay the same, so the command's arguments
 * resolve there as they did in the engine.
 */
final class EngineView implements AutoCloseable {
    private final TemporaryStore temporary;

    private EngineView(TemporaryStore temporary) {
        this.temporary = temporary;
    }

    static EngineView open(StowageCli root, EngineClient engine, List<String> images) throws IOException {
        TemporaryStore temporary = TemporaryStore.create("stowage-engine-view-");
        try {
            new EngineCopy(new EngineImages(engine), temporary.store()).toStore(images);
            root.useStore(temporary.store());
            return new EngineView(temporary);
        } catch (IOException | RuntimeException e) {
            temporary.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        temporary.close();
    }
}
