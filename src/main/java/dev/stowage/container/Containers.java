package dev.stowage.container;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Json;
import dev.stowage.store.ImageResolver;
import dev.stowage.store.LocalImage;
import dev.stowage.store.Store;
import dev.stowage.store.WorkArea;
import dev.stowage.util.Compressors;
import dev.stowage.util.FileOps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * The working containers of a store, in {@code <store>/containers/}: one directory per container (see
 * {@link Container}). A container is made in {@code .creating-<id>/} (a {@link WorkArea}: removed when the
 * process is stopped or, after a crash, by garbage collection) and appears under its ID only when complete;
 * its name is checked for uniqueness and the directory renamed under the store lock. Removal renames it to
 * {@code .removing-<id>/} under the lock, then deletes it. Garbage collection keeps the image of every container
 * (creating or complete), see {@code GarbageCollector}.
 */
public final class Containers {
    public static final String DIRECTORY = "containers";
    private static final Random NAME_RANDOM = new SecureRandom();

    private final Store store;

    public Containers(Store store) {
        this.store = store;
    }

    public Path directory() {
        return store.root().resolve(DIRECTORY);
    }

    /** Unpacks the image {@code imageText} names into a new container; {@code name} null means a random one. */
    public Container create(String imageText, String name) throws IOException {
        String wanted = name == null ? null : Names.checkName(name);
        if (wanted != null) checkNameFree(wanted, list());
        LocalImage image = ImageResolver.of(store).resolve(imageText);
        Descriptor manifest = image.manifest().descriptor();
        String id = Names.newId();
        Path base = directory();
        Files.createDirectories(base);
        try (WorkArea area = WorkArea.create(base, ".creating-" + id)) {
            return makeIn(area.directory(), id, wanted, imageText, image, manifest);
        }
    }

    /** Unpacks the image in {@code work}, then moves it in place as the container {@code id}. */
    private Container makeIn(Path work, String id, String wanted, String imageText, LocalImage image, Descriptor manifest)
            throws IOException {
        Path base = directory();
        try {
            Path rootfs = work.resolve("rootfs");
            Files.createDirectory(rootfs);
            // no set-group-ID inherited from the store: what is made inside gets this process's group
            Files.setAttribute(rootfs, "unix:mode", 0755);
            long[] who = Trees.whoAmI(rootfs);
            Container c = new Container(id, wanted == null ? "" : wanted, imageText, image.id(), manifest, Instant.now(),
                    who[0] != 0, who[0], who[1], 0, work);
            // written first: from now on garbage collection keeps the image's blobs
            FileOps.writeAtomically(work.resolve(Container.METADATA), Json.bytes(c.toJson()));
            FileOps.writeAtomically(c.configFile(), image.config().raw());
            Unpacker unpacker = new Unpacker(rootfs, who[0], who[1]);
            List<Descriptor> layers = image.manifest().layers();
            for (int i = 0; i < layers.size(); i++) {
                String label = "layer " + (i + 1) + " (" + layers.get(i).digest().shortHex() + ")";
                try (InputStream in = Compressors.openDecompressed(store.openBlob(layers.get(i).digest()), label)) {
                    unpacker.apply(in, label);
                }
            }
            List<SnapshotEntry> entries = unpacker.finish();
            Snapshot.write(c.snapshotFile(), entries);
            Container made = new Container(id, c.name(), imageText, image.id(), manifest, c.created(),
                    c.rootless() || !unpacker.ownershipApplied(), who[0], who[1], entries.size(), work);
            // under the store lock (index.json is left as it is)
            return store.modifyIndex(index -> {
                List<Container> existing = list();
                String finalName = wanted != null ? wanted : freeRandomName(existing);
                checkNameFree(finalName, existing);
                Path target = base.resolve(id);
                Container done = made.withName(finalName).withDir(target);
                FileOps.writeAtomically(work.resolve(Container.METADATA), Json.bytes(done.toJson()));
                Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
                FileOps.fsyncDirectory(base);
                return done;
            });
        } catch (IOException | RuntimeException | Error e) {
            try {
                Trees.delete(work);
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static String freeRandomName(List<Container> existing) {
        for (int retry = 0; ; retry++) {
            String candidate = Names.randomName(NAME_RANDOM, retry);
            if (existing.stream().noneMatch(c -> c.name().equals(candidate))) return candidate;
        }
    }

    private static void checkNameFree(String name, List<Container> existing) {
        for (Container c : existing) {
            if (c.name().equals(name)) {
                throw new ContainerException("Conflict. The container name \"/" + name + "\" is already in use by container \""
                        + c.id() + "\". You have to remove (or rename) that container to be able to reuse that name.");
            }
        }
    }

    /** Every complete container, newest first. */
    public List<Container> list() throws IOException {
        List<Container> out = new ArrayList<>();
        Path base = directory();
        if (!Files.isDirectory(base)) return out;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base)) {
            for (Path dir : dirs) {
                if (dir.getFileName().toString().startsWith(".")) continue;
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(dir.resolve(Container.METADATA));
                } catch (NoSuchFileException e) {
                    continue;
                }
                out.add(Container.fromJson(bytes, dir));
            }
        }
        out.sort(Comparator.comparing(Container::created).reversed().thenComparing(Container::id));
        return out;
    }

    /** By full ID, then name, then unique ID prefix, as docker looks containers up. */
    public Container find(String text) throws IOException {
        return lookup(text).orElseThrow(() -> new ContainerException("No such container: " + text));
    }

    public Optional<Container> lookup(String text) throws IOException {
        List<Container> all = list();
        String t = text.startsWith("/") ? text.substring(1) : text;
        for (Container c : all) if (c.id().equals(t)) return Optional.of(c);
        for (Container c : all) if (c.name().equals(t)) return Optional.of(c);
        String lower = t.toLowerCase(Locale.ROOT);
        if (!t.isEmpty() && lower.equals(t) && t.matches("[0-9a-f]+")) {
            List<Container> matches = all.stream().filter(c -> c.id().startsWith(t)).toList();
            if (matches.size() > 1) {
                throw new ContainerException("multiple containers found with provided prefix: " + text);
            }
            if (matches.size() == 1) return Optional.of(matches.get(0));
        }
        return Optional.empty();
    }

    /** Removes a container: its directory is renamed away under the store lock, then deleted. */
    public void remove(Container c) throws IOException {
        Path gone = directory().resolve(".removing-" + c.id());
        store.modifyIndex(index -> { // the store lock; index.json is left as it is
            if (!Files.isDirectory(c.dir())) throw new ContainerException("No such container: " + c.id());
            Files.move(c.dir(), gone, StandardCopyOption.ATOMIC_MOVE);
            return null;
        });
        Trees.delete(gone);
    }
}
