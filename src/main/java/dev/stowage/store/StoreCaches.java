package dev.stowage.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Json;
import dev.stowage.util.FileOps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * What the store remembers beside its images, under {@code cache/}: for an uncompressed layer the gzip
 * blob made from it for a push (so a second push neither recompresses nor re-uploads), and which
 * repositories of which registries are known to hold a blob (for cross-repository mounts).
 */
public final class StoreCaches {
    private final Store store;

    StoreCaches(Store store) {
        this.store = store;
    }

    private Path compressedFile(Digest diffId) {
        return store.root().resolve("cache").resolve("gzip").resolve(diffId.hex());
    }

    /** The gzip blob made earlier from the uncompressed layer {@code diffId}, if it is still in the store. */
    public Optional<Descriptor> compressedFor(Digest diffId) throws IOException {
        Path f = compressedFile(diffId);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            Descriptor d = Descriptor.fromJson(Json.parseObject(Files.readAllBytes(f), "compressed-layer cache"), "cache entry");
            return store.hasBlob(d.digest()) ? Optional.of(d) : Optional.empty();
        } catch (ImageFormatException e) {
            return Optional.empty();
        }
    }

    public void recordCompressed(Digest diffId, Descriptor compressed) throws IOException {
        Path f = compressedFile(diffId);
        Files.createDirectories(f.getParent());
        ObjectNode json = compressed.toJson();
        FileOps.writeAtomically(f, Json.bytes(json));
    }

    /** Diff IDs with a recorded compressed blob, for garbage collection. */
    List<Path> compressedEntries() throws IOException {
        Path dir = store.root().resolve("cache").resolve("gzip");
        if (!Files.isDirectory(dir)) return List.of();
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }

    private Path locationsFile(Digest blob) {
        return store.root().resolve("cache").resolve("locations").resolve(blob.hex());
    }

    /** Notes that {@code registry/repository} holds the blob (appended; duplicates are harmless). */
    public void recordLocation(Digest blob, String registry, String repository) throws IOException {
        Path f = locationsFile(blob);
        Files.createDirectories(f.getParent());
        String line = registry + "/" + repository + "\n";
        if (repositoriesOf(blob, registry).contains(repository)) return;
        Files.write(f, line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Repositories of {@code registry} known to hold the blob, most recent last. */
    public List<String> repositoriesOf(Digest blob, String registry) throws IOException {
        Path f = locationsFile(blob);
        if (!Files.isRegularFile(f)) return List.of();
        LinkedHashSet<String> repos = new LinkedHashSet<>();
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            if (line.startsWith(registry + "/")) repos.add(line.substring(registry.length() + 1));
        }
        return new ArrayList<>(repos);
    }
}
