package dev.stowage.store;

import dev.stowage.archive.ArchiveLoader;
import dev.stowage.image.Reference;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a process of its own by {@link ConcurrentReadersTest}: until the time is up, loads an archive, tags the
 * image a second time, removes both names (deleting the image and its blobs). Prints how many rounds it did.
 */
public final class StoreWriterLoop {
    public static void main(String[] args) throws Exception {
        Store store = Store.open(Path.of(args[0]));
        Path archive = Path.of(args[1]);
        long until = System.currentTimeMillis() + Long.parseLong(args[2]);
        String name = args[3];
        int rounds = 0;
        while (System.currentTimeMillis() < until) {
            try (InputStream in = Files.newInputStream(archive)) {
                new ArchiveLoader(store).load(in);
            }
            var image = ImageResolver.of(store).resolve(name);
            store.modifyIndex(index -> index.tag(Reference.parse(name + "-copy"), image.target()));
            ImageRemoval removal = new ImageRemoval(store);
            removal.remove(name + "-copy", false);
            removal.remove(name, false);
            rounds++;
        }
        System.out.println("rounds=" + rounds);
    }
}
