package dev.stowage.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.archive.ArchiveLoader;
import dev.stowage.image.Digest;
import dev.stowage.image.Json;
import dev.stowage.store.Store;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Multi-layer images for UI tests: layer tars built in memory ({@link Layer}), wrapped in a docker-archive
 * (manifest.json, a config with diff_ids and one history step per layer) and loaded into a store.
 */
public final class LayeredImages {
    private LayeredImages() {
    }

    /** One layer tar, entries in the order added. */
    public static final class Layer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);
        final String createdBy;

        public Layer(String createdBy) {
            this.createdBy = createdBy;
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        }

        public Layer dir(String name) {
            TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
            e.setMode(040755);
            return put(e, new byte[0]);
        }

        public Layer file(String name, int size, char fill) {
            byte[] content = new byte[size];
            Arrays.fill(content, (byte) fill);
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setMode(0100644);
            e.setSize(size);
            return put(e, content);
        }

        public Layer whiteout(String path) {
            int slash = path.lastIndexOf('/');
            String name = (slash < 0 ? "" : path.substring(0, slash + 1)) + ".wh." + path.substring(slash + 1);
            return file(name, 0, 'x');
        }

        private Layer put(TarArchiveEntry e, byte[] content) {
            try {
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
            return this;
        }

        public byte[] bytes() {
            try {
                tar.finish();
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
            return bytes.toByteArray();
        }
    }

    /** Loads an image of these layers (base first) named {@code name} into the store. */
    public static void load(Store store, String name, Layer... layers) throws IOException {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(archive)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            ObjectNode config = Json.MAPPER.createObjectNode();
            config.put("architecture", "amd64");
            config.put("os", "linux");
            config.put("created", "2024-05-01T10:00:00Z");
            config.putObject("config").putArray("Cmd").add("sh");
            ArrayNode diffIds = config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
            ArrayNode history = config.putArray("history");
            List<String> layerFiles = new ArrayList<>();
            for (int i = 0; i < layers.length; i++) {
                byte[] tar = layers[i].bytes();
                String file = "layer" + i + ".tar";
                put(out, file, tar);
                layerFiles.add(file);
                diffIds.add(Digest.sha256(tar).toString());
                history.addObject().put("created", "2024-05-01T10:00:00Z").put("created_by", layers[i].createdBy);
            }
            put(out, "config.json", Json.bytes(config));
            ArrayNode manifest = Json.MAPPER.createArrayNode();
            ObjectNode m = manifest.addObject();
            m.put("Config", "config.json");
            m.putArray("RepoTags").add(name);
            ArrayNode ls = m.putArray("Layers");
            layerFiles.forEach(ls::add);
            put(out, "manifest.json", Json.bytes(manifest));
        }
        new ArchiveLoader(store).load(new ByteArrayInputStream(archive.toByteArray()));
    }

    private static void put(TarArchiveOutputStream out, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        out.putArchiveEntry(e);
        out.write(content);
        out.closeArchiveEntry();
    }
}
