package dev.stowage.container;

import dev.stowage.layer.EntryType;

import java.util.Map;

/**
 * One path of a container's rootfs as it was right after {@code create}: what the image says (type, mode,
 * owner, size, mtime in seconds, link target, device numbers, xattrs, sha256 of a regular file's content)
 * and, where the disk could not be made to say the same, what the disk says instead.
 * <ul>
 * <li>{@code diskMode}, {@code diskUid}, {@code diskGid}: −1 when the disk holds the image's value; else the
 * value on disk (rootless: files we could not chown, directories kept writable by their owner).</li>
 * <li>{@code placeholder}: a device node or FIFO, which Java cannot create, stands on disk as an empty
 * regular file; the entry keeps the device's type and numbers.</li>
 * <li>{@code ino}: the inode of a directory, to tell a directory that was deleted and made again
 * (opaque in a commit) from one that was only changed; 0 for other types.</li>
 * </ul>
 * Paths are relative to rootfs, real (no symlink in any parent component), without leading {@code /}.
 * A regular file that was a hard link in the layer is a regular file here; its content hash is its target's.
 */
public record SnapshotEntry(String path, EntryType type, int mode, long uid, long gid, long size, long mtime,
                            String link, int devMajor, int devMinor, Map<String, String> xattrs, String sha256,
                            long ino, int diskMode, long diskUid, long diskGid, boolean placeholder) {

    public SnapshotEntry {
        xattrs = xattrs == null || xattrs.isEmpty() ? Map.of() : Map.copyOf(xattrs);
    }

    /** The type a stat of the disk shows for this entry. */
    public EntryType diskType() {
        return placeholder ? EntryType.FILE : type;
    }

    public int expectedDiskMode() {
        return diskMode >= 0 ? diskMode : mode;
    }

    public long expectedDiskUid() {
        return diskUid >= 0 ? diskUid : uid;
    }

    public long expectedDiskGid() {
        return diskGid >= 0 ? diskGid : gid;
    }

    public boolean isDirectory() {
        return type == EntryType.DIRECTORY;
    }
}
