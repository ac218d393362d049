package dev.stowage.testing;

import dev.stowage.image.Digest;
import dev.stowage.store.Store;
import dev.stowage.util.Compressors;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a layer blob in a store holds, read independently of the code under test (commons-compress). */
public final class StoredLayers {
    private StoredLayers() {
    }

    /** A file's text content, or a symlink's target. */
    public record Entry(String content, String symlinkTarget) {
    }

    /** The entries of a stored layer blob (any compression), names without a leading "./" or trailing "/". */
    public static Map<String, Entry> entries(Path store, Digest layer) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (InputStream raw = Store.open(store).openBlob(layer);
             TarArchiveInputStream tar = new TarArchiveInputStream(Compressors.openDecompressed(raw, "layer"))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName();
                while (name.startsWith("./")) name = name.substring(2);
                while (name.endsWith("/")) name = name.substring(0, name.length() - 1);
                if (name.isEmpty() || name.equals(".")) continue;
                String content = e.isFile() ? new String(tar.readAllBytes(), StandardCharsets.UTF_8) : null;
                entries.put(name, new Entry(content, e.isSymbolicLink() ? e.getLinkName() : null));
            }
        }
        return entries;
    }
}
