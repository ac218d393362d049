package dev.stowage.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Digest;
import dev.stowage.image.Json;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Reference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Small real images for tests, made on the fly: layer tars of plain files, written as an OCI archive
 * ({@link #ociArchive}: one image from layer bytes, as podman and stowage load it) or as a docker archive
 * ({@link #dockerArchive}: several images sharing layer files, the way {@code docker save} (legacy) writes them).
 */
public final class ImageArchives {
    private ImageArchives() {
    }

    /** An image to put in a docker archive: its tag (null for none), author (null for none), layer tar files, and
     * the history step of each layer ({@code createdBy}; null for {@code ADD <file> /}). */
    public record Image(String tag, String author, List<Path> layers, List<String> createdBy) {
        public Image(String tag, String author, List<Path> layers) {
            this(tag, author, layers, null);
        }
    }

    /** A plain tar layer with these files ({@code path → content}; parent directories added). */
    public static byte[] layer(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            List<String> dirs = new ArrayList<>();
            for (String path : files.keySet()) {
                String[] parts = path.split("/");
                StringBuilder d = new StringBuilder();
                for (int i = 0; i < parts.length - 1; i++) {
                    d.append(parts[i]).append('/');
                    if (!dirs.contains(d.toString())) {
                        dirs.add(d.toString());
                        TarArchiveEntry e = new TarArchiveEntry(d.toString());
                        e.setMode(040755);
                        e.setModTime(1_600_000_000_000L);
                        tar.putArchiveEntry(e);
                        tar.closeArchiveEntry();
                    }
                }
                byte[] content = files.get(path).getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(path);
                e.setSize(content.length);
                e.setMode(0100644);
                e.setModTime(1_600_000_000_000L);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A layer tar file in {@code dir} holding one regular file {@code name} with {@code content}. */
    public static Path layer(Path dir, String name, String content) throws IOException {
        Path file = Files.createTempFile(dir, "layer-", ".tar");
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(file))) {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(bytes.length);
            e.setMode(0100644);
            tar.putArchiveEntry(e);
            tar.write(bytes);
            tar.closeArchiveEntry();
            tar.finish();
        }
        return file;
    }

    /** A layer tar file in {@code dir} holding one file of {@code size} pseudo-random (incompressible) bytes. */
    public static Path bigLayer(Path dir, String name, long size) throws IOException {
        Path file = Files.createTempFile(dir, "big-layer-", ".tar");
        Random random = new Random(42);
        byte[] buffer = new byte[1 << 20];
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20))) {
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(size);
            e.setMode(0100644);
            tar.putArchiveEntry(e);
            for (long left = size; left > 0; ) {
                random.nextBytes(buffer);
                int n = (int) Math.min(buffer.length, left);
                tar.write(buffer, 0, n);
                left -= n;
            }
            tar.closeArchiveEntry();
            tar.finish();
        }
        return file;
    }

    /** Writes an OCI archive of one image named {@code name} with these plain layers and Cmd {@code cmd}. */
    public static Path ociArchive(Path file, String name, List<String> cmd, byte[]... layers) throws IOException {
        return ociArchive(file, name, cmd, false, layers);
    }

    /**
     * Writes an OCI archive of one image named {@code name} (a full reference in {@code org.opencontainers.image.ref.name})
     * with these plain layers and Cmd {@code cmd}; {@code docker} picks a schema2 manifest and Docker's media types.
     */
    public static Path ociArchive(Path file, String name, List<String> cmd, boolean docker, byte[]... layers) throws IOException {
        return ociArchive(file, name, cmd, docker, false, layers);
    }

    /** {@link #ociArchive}, the layers stored gzip-compressed when {@code gzip}. */
    public static Path ociArchive(Path file, String name, List<String> cmd, boolean docker, boolean gzip, byte[]... layers)
            throws IOException {
        List<OciLayer> labelled = new ArrayList<>();
        for (byte[] layer : layers) {
            byte[] stored = gzip ? gzip(layer) : layer;
            labelled.add(new OciLayer(stored, MediaTypes.layerType(docker, gzip ? dev.stowage.image.Compression.GZIP
                    : dev.stowage.image.Compression.NONE), Digest.sha256(layer)));
        }
        return ociArchive(file, name, cmd, docker, labelled);
    }

    /** A layer blob as an OCI archive holds it: its bytes, the media type its descriptor gives, its diffID. */
    public record OciLayer(byte[] blob, String mediaType, Digest diffId) {
    }

    /** Writes an OCI archive of one image with these layer blobs, labelled as given (for crafted, mislabelled archives). */
    public static Path ociArchive(Path file, String name, List<String> cmd, boolean docker, List<OciLayer> layers) throws IOException {
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        ObjectNode config = Json.object();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.put("created", "2020-09-13T12:26:40Z");
        ArrayNode cmdNode = config.putObject("config").putArray("Cmd");
        cmd.forEach(cmdNode::add);
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        ArrayNode history = config.putArray("history");
        ArrayNode layerDescriptors = Json.array();
        for (OciLayer layer : layers) {
            Digest d = Digest.sha256(layer.blob());
            blobs.put(d.hex(), layer.blob());
            diffIds.add(layer.diffId().toString());
            history.addObject().put("created", "2020-09-13T12:26:40Z").put("created_by", "layer " + history.size());
            layerDescriptors.addObject().put("mediaType", layer.mediaType())
                    .put("digest", d.toString()).put("size", layer.blob().length);
        }
        byte[] configBytes = Json.bytes(config);
        Digest configDigest = Digest.sha256(configBytes);
        blobs.put(configDigest.hex(), configBytes);
        String manifestType = docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST;
        ObjectNode manifest = Json.object();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", manifestType);
        manifest.putObject("config").put("mediaType", docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG)
                .put("digest", configDigest.toString()).put("size", configBytes.length);
        manifest.set("layers", layerDescriptors);
        byte[] manifestBytes = Json.bytes(manifest);
        Digest manifestDigest = Digest.sha256(manifestBytes);
        blobs.put(manifestDigest.hex(), manifestBytes);
        ObjectNode index = Json.object();
        index.put("schemaVersion", 2);
        ObjectNode entry = index.putArray("manifests").addObject();
        entry.put("mediaType", manifestType).put("digest", manifestDigest.toString()).put("size", manifestBytes.length);
        entry.putObject("annotations").put("org.opencontainers.image.ref.name", Reference.parse(name).toString());
        try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            put(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            put(tar, "index.json", Json.bytes(index));
            for (Map.Entry<String, byte[]> b : blobs.entrySet()) put(tar, "blobs/sha256/" + b.getKey(), b.getValue());
        }
        return file;
    }

    /** Writes a docker archive ({@code manifest.json}, configs, {@code <diffid>/layer.tar}) of the images to {@code out}. */
    public static Path dockerArchive(Path out, List<Image> images) throws IOException {
        Map<Path, String> diffIds = new LinkedHashMap<>();
        for (Image image : images) {
            for (Path layer : image.layers()) {
                if (!diffIds.containsKey(layer)) diffIds.put(layer, sha256(layer).hex());
            }
        }
        ArrayNode manifest = Json.array();
        Map<String, byte[]> configs = new LinkedHashMap<>();
        int n = 0;
        for (Image image : images) {
            ObjectNode config = Json.object();
            config.put("architecture", "amd64");
            config.put("os", "linux");
            config.put("created", "2024-0" + (1 + n % 9) + "-13T12:26:40Z");
            if (image.author() != null) config.put("author", image.author());
            config.putObject("config").putArray("Cmd").add("sh").add("-c").add("echo " + n++);
            ObjectNode rootfs = config.putObject("rootfs");
            rootfs.put("type", "layers");
            ArrayNode ids = rootfs.putArray("diff_ids");
            ArrayNode history = config.putArray("history");
            for (int i = 0; i < image.layers().size(); i++) {
                Path l = image.layers().get(i);
                ids.add("sha256:" + diffIds.get(l));
                history.addObject().put("created_by", image.createdBy() == null ? "ADD " + l.getFileName() + " /" : image.createdBy().get(i));
            }
            byte[] bytes = Json.bytes(config);
            String name = Digest.sha256(bytes).hex() + ".json";
            configs.put(name, bytes);
            ObjectNode entry = manifest.addObject();
            entry.put("Config", name);
            ArrayNode tags = entry.putArray("RepoTags");
            if (image.tag() != null) tags.add(image.tag());
            ArrayNode layers = entry.putArray("Layers");
            image.layers().forEach(l -> layers.add(diffIds.get(l) + "/layer.tar"));
        }
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Map.Entry<String, byte[]> c : configs.entrySet()) put(tar, c.getKey(), c.getValue());
            Set<String> written = new HashSet<>();
            for (Map.Entry<Path, String> l : diffIds.entrySet()) {
                // two files with the same bytes are one layer
                if (!written.add(l.getValue())) continue;
                TarArchiveEntry e = new TarArchiveEntry(l.getValue() + "/layer.tar");
                e.setSize(Files.size(l.getKey()));
                tar.putArchiveEntry(e);
                Files.copy(l.getKey(), tar);
                tar.closeArchiveEntry();
            }
            put(tar, "manifest.json", Json.bytes(manifest));
            tar.finish();
        }
        return out;
    }

    /** Adds a regular file entry {@code name} holding {@code content}. */
    public static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static Digest sha256(Path file) throws IOException {
        MessageDigest md = Digest.newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return Digest.ofSha256(md.digest());
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }
}
