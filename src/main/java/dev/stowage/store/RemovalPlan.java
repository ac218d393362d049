package dev.stowage.store;

import dev.stowage.image.Digest;
import dev.stowage.image.Reference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What removing images would do, worked out without changing the store: the names that would be untagged,
 * the images that would be deleted (left without names), and the bytes the garbage collection after it would
 * free. Blobs still used by another image or by a working container are not counted, nor is garbage the store
 * held before.
 *
 * @param untagged   names that would be removed, in order
 * @param deleted    images that would be deleted (left with no name), in order
 * @param bytesFreed bytes of the blobs only the deleted images use
 */
public record RemovalPlan(List<Reference> untagged, List<LocalImage> deleted, long bytesFreed) {

    /**
     * Plans {@link ImageRemoval#remove} of each target in turn (names, {@code name@digest}, IDs), not forced, on one
     * state of the store.
     *
     * @throws StoreException when a target names nothing, or an ID names an image in several repositories
     */
    public static RemovalPlan of(Store store, List<String> targets) throws IOException {
        return store.reading(() -> plan(store, targets));
    }

    private static RemovalPlan plan(Store store, List<String> targets) throws IOException {
        ImageResolver resolver = ImageResolver.of(store);
        StoreIndex index = store.readIndex();
        GarbageCollector gc = new GarbageCollector(store);
        Set<Digest> before = gc.wouldKeep(index);
        List<Reference> untagged = new ArrayList<>();
        Map<Digest, LocalImage> deleted = new LinkedHashMap<>();
        for (String text : targets) {
            ImageResolver.Match match = resolver.match(text);
            Digest target = match.image().target().digest();
            if (deleted.containsKey(target)) continue;
            for (Reference name : ImageRemoval.namesToUntag(match, false)) {
                if (index.untag(name)) untagged.add(name);
            }
            boolean stillNamed = index.entries().stream()
                    .anyMatch(e -> e.descriptor().digest().equals(target) && e.reference().isPresent());
            if (!stillNamed) {
                index.remove(target);
                deleted.put(target, match.image());
            }
        }
        long freed = 0;
        if (!deleted.isEmpty()) {
            Set<Digest> gone = new HashSet<>(before);
            gone.removeAll(gc.wouldKeep(index));
            for (Digest d : gone) {
                try {
                    freed += Files.size(store.blobPath(d));
                } catch (NoSuchFileException e) {
                    // a missing blob frees nothing
                }
            }
        }
        return new RemovalPlan(List.copyOf(untagged), List.copyOf(deleted.values()), freed);
    }
}
