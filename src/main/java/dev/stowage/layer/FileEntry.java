package dev.stowage.layer;

import java.util.Map;
import java.util.Objects;

/**
 * One path of a layer as its tar entry describes it: type, permissions, owner, size, mtime (seconds), link
 * target, device numbers, extended attributes, and for regular files a content hash: XXH64 ({@link
 * dev.stowage.util.XxHash64}), 0 for other types. The content hash only tells analysis whether two versions of a path
 * hold the same bytes (Modified or Unmodified, as dive does with xxhash); it names and verifies nothing.
 * Paths are relative to the root, without a leading {@code ./} or {@code /}: {@code etc/passwd}.
 */
public record FileEntry(String path, EntryType type, int mode, long uid, long gid, long size, long mtime,
                        String linkTarget, int devMajor, int devMinor, Map<String, String> xattrs, long contentHash) {

    public FileEntry {
        xattrs = xattrs == null || xattrs.isEmpty() ? Map.of() : Map.copyOf(xattrs);
    }

    public boolean isDirectory() {
        return type == EntryType.DIRECTORY;
    }

    /** Same content and metadata as dive compares them: type, content, link, mode, uid, gid (mtime ignored). */
    public boolean sameAs(FileEntry other) {
        return type == other.type && mode == other.mode && uid == other.uid && gid == other.gid
                && contentHash == other.contentHash && Objects.equals(linkTarget, other.linkTarget)
                && devMajor == other.devMajor && devMinor == other.devMinor && xattrs.equals(other.xattrs);
    }

    /** The last path component. */
    public String name() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** The {@code ls -l} form of the type and permission bits: {@code drwxr-xr-x}. */
    public String modeString() {
        char t = switch (type) {
            case DIRECTORY -> 'd';
            case SYMLINK -> 'l';
            case HARDLINK -> 'h';
            case CHAR_DEVICE -> 'c';
            case BLOCK_DEVICE -> 'b';
            case FIFO -> 'p';
            default -> '-';
        };
        StringBuilder sb = new StringBuilder().append(t);
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) sb.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        return sb.toString();
    }
}
