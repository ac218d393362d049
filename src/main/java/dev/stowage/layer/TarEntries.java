package dev.stowage.layer;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reading the parts of a tar entry that layers care about, the same way wherever layers are read. */
public final class TarEntries {
    /** The PAX header prefix of extended attributes (GNU tar, containers/image, moby). */
    public static final String XATTR_PREFIX = "SCHILY.xattr.";

    private TarEntries() {
    }

    /** The entry's type, or null for a type layers do not use (GNU sparse, volume labels…). */
    public static EntryType typeOf(TarArchiveEntry e) {
        if (e.isDirectory()) return EntryType.DIRECTORY;
        if (e.isSymbolicLink()) return EntryType.SYMLINK;
        if (e.isLink()) return EntryType.HARDLINK;
        if (e.isCharacterDevice()) return EntryType.CHAR_DEVICE;
        if (e.isBlockDevice()) return EntryType.BLOCK_DEVICE;
        if (e.isFIFO()) return EntryType.FIFO;
        if (e.isFile()) return EntryType.FILE;
        return null;
    }

    /** Extended attributes carried as {@code SCHILY.xattr.NAME} PAX headers. */
    public static Map<String, String> xattrs(TarArchiveEntry e) {
        Map<String, String> xattrs = new LinkedHashMap<>();
        e.getExtraPaxHeaders().forEach((k, v) -> {
            if (k.startsWith(XATTR_PREFIX)) xattrs.put(k.substring(XATTR_PREFIX.length()), v);
        });
        return xattrs;
    }
}
