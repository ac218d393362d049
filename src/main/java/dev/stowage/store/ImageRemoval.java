package dev.stowage.store;

import dev.stowage.image.Digest;
import dev.stowage.image.Reference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Removing images as {@code docker rmi} and {@code docker image prune} do: a name is untagged, an image
 * that is left without names is deleted, and the blobs nothing else uses are collected right away.
 */
public final class ImageRemoval {
    /** What one removal did: names removed and image IDs deleted, in order. */
    public record Outcome(List<Reference> untagged, List<Digest> deleted, long bytesFreed) {
    }

    private final Store store;

    public ImageRemoval(Store store) {
        this.store = store;
    }

    /** Removes what {@code text} names (a name, name@digest or an ID), refusing an image with several repositories unless forced. */
    public Outcome remove(String text, boolean force) throws IOException {
        return store.locked(() -> {
            ImageResolver.Match match = ImageResolver.of(store).match(text);
            LocalImage image = match.image();
            Digest target = image.target().digest();
            List<Reference> untagged = new ArrayList<>();
            List<Digest> deleted = new ArrayList<>();
            store.modifyIndex(index -> {
                List<Reference> toUntag = namesToUntag(match, force);
                for (Reference name : toUntag) {
                    if (index.untag(name)) untagged.add(name);
                }
                boolean stillNamed = index.entries().stream()
                        .anyMatch(e -> e.descriptor().digest().equals(target) && e.reference().isPresent());
                if (!stillNamed) {
                    index.remove(target);
                    deleted.add(image.id());
                }
                return null;
            });
            long freed = deleted.isEmpty() ? 0 : new GarbageCollector(store).collect().bytesFreed();
            return new Outcome(untagged, deleted, freed);
        });
    }

    /**
     * The names removing {@code match} untags, as {@code docker rmi} decides: the name given; for
     * {@code name@digest} every name of the image in that repository; for an ID every name, refused when they
     * span several repositories unless forced.
     */
    static List<Reference> namesToUntag(ImageResolver.Match match, boolean force) {
        LocalImage image = match.image();
        if (match.name() != null && match.name().digest().isEmpty()) return List.of(match.name());
        if (match.name() != null) {
            String repo = match.name().repository();
            List<Reference> inRepo = image.names().stream().filter(n -> n.repository().equals(repo)).toList();
            return inRepo.isEmpty() ? image.names() : inRepo;
        }
        long repositories = image.names().stream().map(Reference::repository).distinct().count();
        if (repositories > 1 && !force) {
            throw new StoreException("conflict: unable to delete " + image.id().shortHex()
                    + " (must be forced) - image is referenced in multiple repositories");
        }
        return image.names();
    }

    /** Deletes every dangling (unnamed) image and collects the blobs they alone used. */
    public Outcome pruneDangling() throws IOException {
        return store.locked(() -> {
            List<Digest> deleted = new ArrayList<>();
            List<LocalImage> dangling = store.images().stream().filter(LocalImage::dangling).toList();
            store.modifyIndex(index -> {
                for (LocalImage image : dangling) {
                    if (index.remove(image.target().digest())) deleted.add(image.id());
                }
                return null;
            });
            long freed = new GarbageCollector(store).collect().bytesFreed();
            return new Outcome(List.of(), deleted, freed);
        });
    }
}
