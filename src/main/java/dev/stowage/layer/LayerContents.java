package dev.stowage.layer;

import dev.stowage.util.Compressors;
import dev.stowage.util.CountingInputStream;
import dev.stowage.util.XxHash64;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The entries of one layer, read as a stream (plain, gzip or zstd tar): memory grows with the number of
 * entries, never with their bytes. Whiteouts ({@code .wh.NAME}) and opaque markers ({@code .wh..wh..opq})
 * are kept apart from the entries; a name that appears twice keeps its last entry, as tar extraction does.
 */
public final class LayerContents {
    public static final String WHITEOUT_PREFIX = ".wh.";
    public static final String OPAQUE_MARKER = ".wh..wh..opq";

    private final Map<String, FileEntry> entries;
    private final Set<String> whiteouts;
    private final Set<String> opaqueDirectories;
    private final long size;
    private final long tarSize;

    private LayerContents(Map<String, FileEntry> entries, Set<String> whiteouts, Set<String> opaqueDirectories, long size,
                          long tarSize) {
        this.tarSize = tarSize;
        this.entries = Collections.unmodifiableMap(entries);
        this.whiteouts = Collections.unmodifiableSet(whiteouts);
        this.opaqueDirectories = Collections.unmodifiableSet(opaqueDirectories);
        this.size = size;
    }

    /** Reads a layer blob to its end; {@code what} names it in errors. */
    public static LayerContents read(InputStream blob, String what) throws IOException {
        Map<String, FileEntry> entries = new LinkedHashMap<>();
        Set<String> whiteouts = new LinkedHashSet<>();
        Set<String> opaque = new LinkedHashSet<>();
        long size = 0;
        CountingInputStream uncompressed = new CountingInputStream(Compressors.openDecompressed(blob, what));
        // tar reads many small records: give it a buffer of its own above the counting layer
        java.io.BufferedInputStream buffered = new java.io.BufferedInputStream(uncompressed, 256 * 1024);
        TarReader tar = new TarReader(buffered);
        XxHash64 content = new XxHash64();
        byte[] buffer = new byte[64 * 1024];
        TarReader.Header e;
        while ((e = tar.next()) != null) {
            String path = cleanPath(e.name());
            if (path == null) continue;
            String name = path.substring(path.lastIndexOf('/') + 1);
            String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
            if (name.equals(OPAQUE_MARKER)) {
                opaque.add(parent);
                continue;
            }
            if (name.startsWith(WHITEOUT_PREFIX)) {
                String target = (parent.isEmpty() ? "" : parent + "/") + name.substring(WHITEOUT_PREFIX.length());
                whiteouts.add(target);
                continue;
            }
            EntryType type = e.entryType();
            long hash = 0;
            if (type == EntryType.FILE) {
                content.reset();
                int n;
                while ((n = tar.read(buffer, 0, buffer.length)) >= 0) content.update(buffer, 0, n);
                hash = content.digest();
            }
            size += e.size();
            String link = type == EntryType.HARDLINK ? cleanPath(e.linkName()) : (type == EntryType.SYMLINK ? e.linkName() : null);
            entries.remove(path); // last wins, and keeps tar order of the survivor
            entries.put(path, new FileEntry(path, type, e.mode() & 07777, e.uid(), e.gid(),
                    type == EntryType.FILE ? e.size() : 0, e.mtime(), link, e.devMajor(), e.devMinor(), e.xattrs(), hash));
        }
        buffered.transferTo(java.io.OutputStream.nullOutputStream());
        return new LayerContents(entries, whiteouts, opaque, size, uncompressed.count());
    }

    /** {@code ./a//b/} → {@code a/b}; the root itself and names that climb out give null. */
    public static String cleanPath(String raw) {
        if (raw == null) return null;
        String s = raw.startsWith("./") ? raw.substring(2) : raw;
        if (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        if (!s.isEmpty() && !s.startsWith("/") && !s.contains("//") && !s.contains("./") && !s.equals(".")
                && !s.equals("..") && !s.endsWith("/..") && !s.endsWith("/.")) {
            return s; // the common case: already clean
        }
        List<String> parts = new ArrayList<>();
        for (String p : raw.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) {
                if (parts.isEmpty()) return null;
                parts.remove(parts.size() - 1);
            } else {
                parts.add(p);
            }
        }
        return parts.isEmpty() ? null : String.join("/", parts);
    }

    /** Entries in tar order (after last-wins). */
    public Map<String, FileEntry> entries() {
        return entries;
    }

    /** Paths this layer deletes from the layers below. */
    public Set<String> whiteouts() {
        return whiteouts;
    }

    /** Directories whose lower content this layer hides. */
    public Set<String> opaqueDirectories() {
        return opaqueDirectories;
    }

    /** Bytes of the uncompressed tar stream. */
    public long tarSize() {
        return tarSize;
    }

    /** Sum of the tar header sizes of its entries, as dive counts a layer's size. */
    public long size() {
        return size;
    }
}
