package dev.stowage.container;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Compression;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.Json;
import dev.stowage.image.Manifest;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Platform;
import dev.stowage.image.Reference;
import dev.stowage.store.BlobSink;
import dev.stowage.store.Staging;
import dev.stowage.store.Store;
import dev.stowage.util.CompressionBombException;
import dev.stowage.util.Compressors;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code import}: a one-layer image from a rootfs tarball, like {@code docker import}. The tarball may be
 * plain or compressed (gzip, bzip2, xz, zstd); it is stored uncompressed as given (its digest is the
 * diffID) after a check that it is a tar archive. The config has this machine's os/architecture,
 * {@code created}, a {@code comment} ("Imported from SOURCE" unless a message is given), one history entry,
 * and the {@code --change} instructions; the manifest is OCI.
 */
public final class Importer {
    /** What to import: {@code source} names the input in the default comment ("-" for standard input). */
    public record Request(String source, List<String> changes, String message, Reference name, Long sourceDateEpoch) {
    }

    private final Store store;

    public Importer(Store store) {
        this.store = store;
    }

    public Digest importTarball(InputStream raw, Request request) throws IOException {
        ImageChanges changes = ImageChanges.parseForCommand(request.changes());
        Instant created = request.sourceDateEpoch() != null ? Instant.ofEpochSecond(request.sourceDateEpoch()) : Instant.now();
        try (Staging staging = store.newStaging()) {
            Digest diffId;
            long size;
            try (BlobSink sink = staging.newSink()) {
                try {
                    sink.copyFrom(Compressors.openDecompressed(new BufferedInputStream(raw, 1 << 16), request.source()));
                } catch (CompressionBombException e) {
                    throw new ContainerException(e.getMessage(), e);
                } catch (IOException e) {
                    throw new ContainerException(request.source() + " could not be read: " + e.getMessage(), e);
                }
                BlobSink.Written written = sink.finish();
                size = written.size();
                diffId = staging.keep(written);
            }
            checkTar(staging.pathOf(diffId), request.source());

            String message = request.message() == null || request.message().isEmpty()
                    ? "Imported from " + request.source() : request.message();
            Platform platform = Platform.current();
            ObjectNode config = Json.object();
            config.put("architecture", platform.architecture());
            if (platform.variant() != null) config.put("variant", platform.variant());
            config.put("os", platform.os());
            config.put("created", created.toString());
            config.put("comment", message);
            config.putObject("config");
            ObjectNode rootfs = config.putObject("rootfs");
            rootfs.put("type", "layers");
            rootfs.putArray("diff_ids").add(diffId.toString());
            ObjectNode step = config.putArray("history").addObject();
            step.put("created", created.toString());
            step.put("comment", message);
            changes.applyToImported(config);

            byte[] configBytes = Json.bytes(config);
            Digest configDigest = staging.write(configBytes);
            Manifest manifest = Manifest.create(MediaTypes.OCI_MANIFEST,
                    new Descriptor(MediaTypes.OCI_CONFIG, configDigest, configBytes.length),
                    List.of(new Descriptor(MediaTypes.layerType(false, Compression.NONE), diffId, size)));
            Digest manifestDigest = staging.write(manifest.raw());
            Descriptor target = manifest.descriptor();
            staging.publish(List.of(diffId, configDigest, manifestDigest), index -> {
                if (request.name() != null) index.tag(request.name(), target);
                else index.addUntagged(target);
                return null;
            });
            return configDigest;
        }
    }

    /** A tar archive: it reads to its end, and has entries unless it is the empty archive (zero blocks). */
    private static void checkTar(Path file, String source) throws IOException {
        int entries = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            while (tar.getNextEntry() != null) entries++;
        } catch (IOException | IllegalArgumentException e) {
            throw new ContainerException(source + " is not a tar archive: " + e.getMessage(), e);
        }
        if (entries == 0) {
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(1024);
            }
            boolean zeros = head.length > 0;
            for (byte b : head) zeros &= b == 0;
            if (!zeros) throw new ContainerException(source + " is not a tar archive");
        }
    }
}
