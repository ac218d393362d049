package dev.stowage.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Digest;
import dev.stowage.image.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Docker archives made on the fly: images of given layer tars, written the way {@code docker save} (legacy) does. */
public final class TestArchives {
    private TestArchives() {
    }

    /** An image to put in an archive: its tag (null for none), author, and layer tar files. */
    public record Image(String tag, String author, List<Path> layers) {
    }

    /** A layer tar holding one regular file {@code name} with {@code content}. */
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

    /** A layer tar holding one file of {@code size} pseudo-random (incompressible) bytes. */
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

    /** Writes a docker archive ({@code manifest.json}, configs, {@code <diffid>/layer.tar}) of the images to {@code out}. */
    public static Path dockerArchive(Path out, List<Image> images) throws IOException {
        Map<Path, String> diffIds = new LinkedHashMap<>();
        for (Image image : images) {
            for (Path layer : image.layers()) {
                if (!diffIds.containsKey(layer)) diffIds.put(layer, sha256(layer).hex());
            }
        }
        ArrayNode manifest = Json.MAPPER.createArrayNode();
        Map<String, byte[]> configs = new LinkedHashMap<>();
        int n = 0;
        for (Image image : images) {
            ObjectNode config = Json.MAPPER.createObjectNode();
            config.put("architecture", "amd64");
            config.put("os", "linux");
            config.put("created", "2024-0" + (1 + n % 9) + "-13T12:26:40Z");
            if (image.author() != null) config.put("author", image.author());
            config.putObject("config").putArray("Cmd").add("sh").add("-c").add("echo " + n++);
            ObjectNode rootfs = config.putObject("rootfs");
            rootfs.put("type", "layers");
            ArrayNode ids = rootfs.putArray("diff_ids");
            ArrayNode history = config.putArray("history");
            image.layers().forEach(l -> {
                ids.add("sha256:" + diffIds.get(l));
                history.addObject().put("created_by", "ADD " + l.getFileName() + " /");
            });
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
            for (Map.Entry<Path, String> l : diffIds.entrySet()) {
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

    private static void put(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static Digest sha256(Path file) throws IOException {
        MessageDigest md = Digest.newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return Digest.ofSha256(md.digest());
    }
}
