package dev.stowage.testing;

import dev.stowage.archive.ArchiveLoader;
import dev.stowage.store.Store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Multi-layer images for UI tests: layer tars built in memory ({@link Layer}), wrapped in a docker archive
 * ({@link ImageArchives#dockerArchive}: one history step per layer) and loaded into a store.
 */
public final class LayeredImages {
    private LayeredImages() {
    }

    /** One layer tar ({@link TarBuilder}), entries in the order added, and the history step that made it. */
    public static final class Layer {
        private final TarBuilder tar = new TarBuilder();
        final String createdBy;

        public Layer(String createdBy) {
            this.createdBy = createdBy;
        }

        public Layer dir(String name) {
            tar.dir(name);
            return this;
        }

        public Layer file(String name, int size, char fill) {
            tar.file(name, size, fill);
            return this;
        }

        public Layer symlink(String name, String target) {
            tar.symlink(name, target);
            return this;
        }

        public Layer whiteout(String path) {
            tar.whiteout(path);
            return this;
        }

        public byte[] bytes() {
            return tar.bytes();
        }
    }

    /** Loads an image of these layers (base first) named {@code name} into the store. */
    public static void load(Store store, String name, Layer... layers) throws IOException {
        Path dir = Files.createTempDirectory("stowage-layered-");
        try {
            List<Path> files = new ArrayList<>();
            List<String> createdBy = new ArrayList<>();
            for (int i = 0; i < layers.length; i++) {
                files.add(Files.write(dir.resolve("layer" + i + ".tar"), layers[i].bytes()));
                createdBy.add(layers[i].createdBy);
            }
            Path archive = ImageArchives.dockerArchive(dir.resolve("image.tar"),
                    List.of(new ImageArchives.Image(name, null, files, createdBy)));
            try (InputStream in = Files.newInputStream(archive)) {
                new ArchiveLoader(store).load(in);
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
