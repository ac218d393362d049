package dev.stowage.container;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Digest;
import dev.stowage.image.Json;
import dev.stowage.image.MediaTypes;
import dev.stowage.testing.Cli;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Multi-layer images made from {@link LayerTar}s, written as an OCI archive and loaded with the CLI. */
public final class TestImages {
    private TestImages() {
    }

    /** Loads an image of these layers (uncompressed) under {@code name}; {@code docker} picks a schema2 manifest. */
    public static void load(Cli cli, Path workDir, String name, boolean docker, byte[]... layers) throws IOException {
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.put("created", "2020-09-13T12:26:40Z");
        config.putObject("config").putArray("Cmd").add("sh");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        ArrayNode history = config.putArray("history");
        ObjectNode manifest = Json.MAPPER.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST);
        ArrayNode layerDescriptors = Json.MAPPER.createArrayNode();
        for (byte[] layer : layers) {
            Digest d = Digest.sha256(layer);
            blobs.put(d.hex(), layer);
            diffIds.add(d.toString());
            history.addObject().put("created", "2020-09-13T12:26:40Z").put("created_by", "test layer " + history.size());
            layerDescriptors.addObject().put("mediaType", docker ? MediaTypes.DOCKER_LAYER : MediaTypes.OCI_LAYER)
                    .put("digest", d.toString()).put("size", layer.length);
        }
        byte[] configBytes = Json.bytes(config);
        Digest configDigest = Digest.sha256(configBytes);
        blobs.put(configDigest.hex(), configBytes);
        manifest.putObject("config").put("mediaType", docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG)
                .put("digest", configDigest.toString()).put("size", configBytes.length);
        manifest.set("layers", layerDescriptors);
        byte[] manifestBytes = Json.bytes(manifest);
        Digest manifestDigest = Digest.sha256(manifestBytes);
        blobs.put(manifestDigest.hex(), manifestBytes);
        ObjectNode index = Json.MAPPER.createObjectNode();
        index.put("schemaVersion", 2);
        ObjectNode entry = index.putArray("manifests").addObject();
        entry.put("mediaType", docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST);
        entry.put("digest", manifestDigest.toString());
        entry.put("size", manifestBytes.length);
        entry.putObject("annotations").put("io.containerd.image.name", dev.stowage.image.Reference.parse(name).toString());

        Path archive = Files.createTempFile(workDir, "image-", ".tar");
        try (OutputStream out = Files.newOutputStream(archive); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            put(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            put(tar, "index.json", Json.bytes(index));
            for (Map.Entry<String, byte[]> b : blobs.entrySet()) put(tar, "blobs/sha256/" + b.getKey(), b.getValue());
        }
        Cli.Run run = cli.run("load", "-i", archive.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        Files.delete(archive);
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** The entries of a tar: name → entry, in order; {@code contents} gets each regular file's text. */
    static List<TarArchiveEntry> entries(byte[] tar, Map<String, String> contents) throws IOException {
        List<TarArchiveEntry> out = new ArrayList<>();
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(new java.io.ByteArrayInputStream(tar), "UTF-8")) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.add(e);
                if (contents != null && e.isFile() && !e.isLink()) contents.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
