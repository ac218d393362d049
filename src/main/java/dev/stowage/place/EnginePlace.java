package dev.stowage.place;

import dev.stowage.engine.EngineImages;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Reference;
import dev.stowage.registry.StreamBody;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code engine:REF}: an image of a Docker or Podman engine, through its save and load streams. The engine's save
 * is kept in a temporary docker-archive, read in place; a copy into the engine is written as a docker-archive and
 * loaded on commit. (Between an engine and the store, {@code EngineCopy} streams without the temporary file.)
 */
public final class EnginePlace implements ImagePlace {
    private final EngineImages engine;
    private final String image;
    private final Path temp;
    private ArchivePlace saved;
    private Path savedFile;

    /** {@code temp}: a directory for the temporary archive. */
    public EnginePlace(EngineImages engine, String image, Path temp) {
        this.engine = engine;
        this.image = image;
        this.temp = temp;
    }

    @Override
    public String describe() {
        return "engine:" + image;
    }

    private ArchivePlace saved() throws IOException {
        if (saved == null) {
            if (image.isEmpty()) throw new PlaceException("'engine:': no image named");
            Path file = Files.createTempFile(temp, "engine-save-", ".tar");
            try (InputStream in = engine.save(List.of(image))) {
                Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            savedFile = file;
            saved = new ArchivePlace(ArchivePlace.Kind.DOCKER_ARCHIVE, file, Optional.empty());
        }
        return saved;
    }

    @Override
    public PlacedImage resolve() throws IOException {
        PlacedImage placed = saved().resolve();
        Optional<Reference> name = Reference.isValid(image) && !image.startsWith("sha256:")
                ? Optional.of(Reference.parse(image)) : placed.name();
        return new PlacedImage(name, placed.manifest(), placed.config());
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        return saved().openBlob(blob);
    }

    @Override
    public PlaceWriter writer(Optional<Reference> defaultName) throws IOException {
        Path file = temp.resolve("engine-load-" + System.nanoTime() + ".tar");
        Optional<String> name = image.isEmpty() ? defaultName.map(Reference::toString) : Optional.of(image);
        PlaceWriter archive = new ArchivePlace(ArchivePlace.Kind.DOCKER_ARCHIVE, file, name).writer(Optional.empty());
        return new PlaceWriter() {
            @Override
            public boolean hasBlob(Descriptor blob) throws IOException {
                return archive.hasBlob(blob);
            }

            @Override
            public void putBlob(Descriptor blob, StreamBody.Opener opener, BlobProgress progress) throws IOException {
                archive.putBlob(blob, opener, progress);
            }

            @Override
            public void putManifest(Descriptor manifest, byte[] bytes) throws IOException {
                archive.putManifest(manifest, bytes);
            }

            @Override
            public String commit() throws IOException {
                archive.commit();
                try (InputStream in = Files.newInputStream(file)) {
                    return String.join("\n", engine.load(in));
                }
            }

            @Override
            public void close() throws IOException {
                try {
                    archive.close();
                } finally {
                    Files.deleteIfExists(file);
                }
            }
        };
    }

    @Override
    public void close() throws IOException {
        if (saved != null) {
            saved.close();
            Files.deleteIfExists(savedFile);
        }
    }
}
