package dev.stowage.cli;

import dev.stowage.engine.EngineClient;
import dev.stowage.engine.EngineCopy;
import dev.stowage.engine.EngineImages;
import dev.stowage.store.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Layer views (layers, tree, analyze, diff, export-layer) on engine images: the images are streamed out of
 * the engine ({@code GET /images/get}) into a throwaway store in the temp directory, the command reads
 * that, and the store is deleted afterwards. Image names and IDs stay the same, so the command's arguments
 * resolve there as they did in the engine.
 */
final class EngineView implements AutoCloseable {
    private final Path dir;

    private EngineView(Path dir) {
        this.dir = dir;
    }

    static EngineView open(StowageCli root, EngineClient engine, List<String> images) throws IOException {
        Path dir = Files.createTempDirectory("stowage-engine-view-");
        EngineView view = new EngineView(dir);
        try {
            Store store = Store.open(dir);
            new EngineCopy(new EngineImages(engine), store).toStore(images);
            root.useStore(store);
            return view;
        } catch (IOException | RuntimeException e) {
            view.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
