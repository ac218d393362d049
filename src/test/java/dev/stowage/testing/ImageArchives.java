package dev.stowage.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Digest;
import dev.stowage.image.Json;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Reference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small real images for tests: layers of plain files, written as an OCI archive that podman and stowage load. */
public final class ImageArchives {
    private ImageArchives() {
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

    /** Writes an OCI archive of one image named {@code name} with these plain layers and Cmd {@code cmd}. */
    public static Path ociArchive(Path file, String name, List<String> cmd, byte[]... layers) throws IOException {
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.put("created", "2020-09-13T12:26:40Z");
        ArrayNode cmdNode = config.putObject("config").putArray("Cmd");
        cmd.forEach(cmdNode::add);
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        ArrayNode history = config.putArray("history");
        ArrayNode layerDescriptors = Json.MAPPER.createArrayNode();
        for (byte[] layer : layers) {
            Digest d = Digest.sha256(layer);
            blobs.put(d.hex(), layer);
            diffIds.add(d.toString());
            history.addObject().put("created", "2020-09-13T12:26:40Z").put("created_by", "layer " + history.size());
            layerDescriptors.addObject().put("mediaType", MediaTypes.OCI_LAYER).put("digest", d.toString()).put("size", layer.length);
        }
        byte[] configBytes = Json.bytes(config);
        Digest configDigest = Digest.sha256(configBytes);
        blobs.put(configDigest.hex(), configBytes);
        ObjectNode manifest = Json.MAPPER.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.putObject("config").put("mediaType", MediaTypes.OCI_CONFIG).put("digest", configDigest.toString()).put("size", configBytes.length);
        manifest.set("layers", layerDescriptors);
        byte[] manifestBytes = Json.bytes(manifest);
        Digest manifestDigest = Digest.sha256(manifestBytes);
        blobs.put(manifestDigest.hex(), manifestBytes);
        ObjectNode index = Json.MAPPER.createObjectNode();
        index.put("schemaVersion", 2);
        ObjectNode entry = index.putArray("manifests").addObject();
        entry.put("mediaType", MediaTypes.OCI_MANIFEST).put("digest", manifestDigest.toString()).put("size", manifestBytes.length);
        entry.putObject("annotations").put("org.opencontainers.image.ref.name", Reference.parse(name).toString());
        try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            put(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            put(tar, "index.json", Json.bytes(index));
            for (Map.Entry<String, byte[]> b : blobs.entrySet()) put(tar, "blobs/sha256/" + b.getKey(), b.getValue());
        }
        return file;
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
