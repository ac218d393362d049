package dev.stowage.testing;

import dev.stowage.image.Digest;
import dev.stowage.util.Hashing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every file of a store with its content hash, to assert that a failed operation left the store exactly as
 * it was. The lock file is left out (it is created on first use and never holds data).
 */
public record StoreSnapshot(Map<String, Digest> files) {
    private static final Digest DIRECTORY = Digest.sha256("directory");

    public static StoreSnapshot of(Path store) throws IOException {
        Map<String, Digest> files = new TreeMap<>();
        if (!Files.exists(store)) return new StoreSnapshot(files);
        try (Stream<Path> walk = Files.walk(store)) {
            for (Path p : walk.toList()) {
                String rel = store.relativize(p).toString();
                if (rel.equals(".lock")) continue;
                if (Files.isDirectory(p)) {
                    files.put(rel + "/", DIRECTORY);
                } else {
                    try (InputStream in = Files.newInputStream(p)) {
                        files.put(rel, Hashing.sha256(in));
                    }
                }
            }
        }
        return new StoreSnapshot(files);
    }
}
