package dev.stowage.container;

import dev.stowage.layer.EntryType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A container's rootfs now, compared with its snapshot.
 * <p>
 * A path not in the snapshot is {@link Kind#ADDED}. A path in both is {@link Kind#MODIFIED} when its type,
 * mode, owner, link target or (for a non-directory) size differs, or when its mtime differs <em>and</em> its
 * content hash does too (a file touched or rewritten with the same bytes is unchanged); a directory whose inode
 * is not the one unpacked was deleted and made again: {@link Kind#REPLACED}. Directory mtimes and sizes are
 * not compared. Paths the runtime made to mount over ({@link #RUNTIME_MOUNTPOINTS}) are not seen. Modes and owners are compared with what the disk was left with at create, so rootless
 * containers compare like the others. A snapshot path no longer there is deleted.
 */
final class RootfsScan {
    enum Kind { ADDED, MODIFIED, UNCHANGED, REPLACED }

    /** What an lstat of the path says now. */
    record Disk(EntryType type, int mode, long uid, long gid, long size, FileTime mtime, long ino, long dev, int nlink,
                String link, long rdev) {
        long mtimeSeconds() {
            return mtime.to(TimeUnit.SECONDS);
        }

        /** Linux's encoding of device numbers (glibc's gnu_dev_major / gnu_dev_minor). */
        int devMajor() {
            return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
        }

        int devMinor() {
            return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
        }
    }

    /** One path of the rootfs: now, as unpacked (null if new), and how they compare. */
    record Item(String path, Disk disk, SnapshotEntry prev, Kind kind, boolean inReplaced) {
    }

    /**
     * What the OCI runtime makes in a rootfs to mount over when the image lacks it: docker's "-init" layer
     * paths (moby's {@code initlayer/setup_unix.go}). Never a change: diff, commit and export pass over them.
     */
    static final java.util.Set<String> RUNTIME_MOUNTPOINTS = java.util.Set.of("etc/hosts", "etc/hostname", "etc/resolv.conf",
            "etc/mtab", ".dockerenv", "dev", "dev/console", "dev/pts", "dev/shm", "proc", "sys");

    private static final String ATTRIBUTES = "unix:mode,uid,gid,ino,dev,rdev,nlink,size,lastModifiedTime";

    private final Path rootfs;
    private final Map<String, SnapshotEntry> unseen;
    private final boolean retainAll;
    private final List<Item> items = new ArrayList<>();
    private final Map<String, Item> directories = new HashMap<>();
    private final dev.stowage.util.Sha256 sha256 = dev.stowage.util.Sha256.create();
    private final byte[] buffer = new byte[256 * 1024];

    private RootfsScan(Path rootfs, Map<String, SnapshotEntry> snapshot, boolean retainAll) {
        this.rootfs = rootfs;
        this.unseen = snapshot;
        this.retainAll = retainAll;
    }

    /**
     * Walks the rootfs in path order (component by component, names sorted). Items kept: all of them with
     * {@code retainAll}, else directories, changed paths and everything in a replaced directory.
     */
    static RootfsScan scan(Container c, boolean retainAll) throws IOException {
        if (!Files.isDirectory(c.rootfs(), LinkOption.NOFOLLOW_LINKS)) {
            throw new ContainerException("container " + c.shortId() + " has no rootfs directory (" + c.rootfs() + ")");
        }
        RootfsScan scan = new RootfsScan(c.rootfs(), Snapshot.read(c.snapshotFile()), retainAll);
        scan.walk("", c.rootfs(), false);
        return scan;
    }

    private void walk(String rel, Path dir, boolean inReplaced) throws IOException {
        List<Path> children = Trees.list(dir, false);
        children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path child : children) {
            String name = child.getFileName().toString();
            String path = rel.isEmpty() ? name : rel + "/" + name;
            Disk disk;
            try {
                disk = stat(child);
            } catch (NoSuchFileException e) {
                continue; // deleted while we looked
            }
            SnapshotEntry prev = unseen.remove(path);
            if (prev == null && RUNTIME_MOUNTPOINTS.contains(path)) continue;
            Kind kind = prev == null ? Kind.ADDED : compare(prev, disk, child);
            Item item = new Item(path, disk, prev, kind, inReplaced);
            if (disk.type() == EntryType.DIRECTORY) directories.put(path, item);
            if (retainAll || disk.type() == EntryType.DIRECTORY || kind != Kind.UNCHANGED || inReplaced) items.add(item);
            if (disk.type() == EntryType.DIRECTORY) walk(path, child, inReplaced || kind == Kind.REPLACED);
        }
    }

    static Disk stat(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        EntryType type = switch (mode & 0170000) {
            case 0040000 -> EntryType.DIRECTORY;
            case 0120000 -> EntryType.SYMLINK;
            case 0020000 -> EntryType.CHAR_DEVICE;
            case 0060000 -> EntryType.BLOCK_DEVICE;
            case 0010000 -> EntryType.FIFO;
            case 0100000 -> EntryType.FILE;
            default -> null; // sockets
        };
        String link = type == EntryType.SYMLINK ? Files.readSymbolicLink(p).toString() : null;
        return new Disk(type, mode & 07777, ((Number) a.get("uid")).longValue(), ((Number) a.get("gid")).longValue(),
                ((Number) a.get("size")).longValue(), (FileTime) a.get("lastModifiedTime"),
                ((Number) a.get("ino")).longValue(), ((Number) a.get("dev")).longValue(),
                ((Number) a.get("nlink")).intValue(), link, ((Number) a.get("rdev")).longValue());
    }

    private Kind compare(SnapshotEntry p, Disk d, Path abs) throws IOException {
        if (p.diskType() != d.type()) return Kind.MODIFIED;
        if (d.uid() != p.expectedDiskUid() || d.gid() != p.expectedDiskGid()) return Kind.MODIFIED;
        if (d.type() == EntryType.DIRECTORY) {
            if (p.ino() != 0 && d.ino() != p.ino()) return Kind.REPLACED;
            return d.mode() != p.expectedDiskMode() ? Kind.MODIFIED : Kind.UNCHANGED;
        }
        boolean sameTime = d.mtime().to(TimeUnit.NANOSECONDS) == p.mtime() * 1_000_000_000L
                && d.mtime().to(TimeUnit.SECONDS) == p.mtime();
        if (d.type() == EntryType.SYMLINK) {
            return !d.link().equals(p.link()) || !sameTime ? Kind.MODIFIED : Kind.UNCHANGED;
        }
        if (d.mode() != p.expectedDiskMode() || d.size() != p.size()) return Kind.MODIFIED;
        if (sameTime || d.type() != EntryType.FILE) return Kind.UNCHANGED;
        if (p.sha256() == null) return Kind.MODIFIED;
        String now = hash(abs);
        return p.sha256().equals(now) ? Kind.UNCHANGED : Kind.MODIFIED;
    }

    private String hash(Path file) throws IOException {
        sha256.reset();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buffer)) >= 0) sha256.update(buffer, 0, n);
        } catch (AccessDeniedException e) {
            return null; // unreadable now: it was changed (its mode at least)
        }
        return sha256.digest().hex();
    }

    List<Item> items() {
        return items;
    }

    Item directory(String path) {
        return directories.get(path);
    }

    /** Snapshot entries whose path is gone (every one of them, subtrees included). */
    Collection<SnapshotEntry> deleted() {
        return unseen.values();
    }

    /**
     * The deleted paths a layer must white out: those whose parent is still a directory (their own subtree
     * goes with them). With {@code includeReplaced}, also those of directories that were made again (which an
     * opaque marker covers in a layer, but {@code diff} lists).
     */
    List<SnapshotEntry> topmostDeleted(boolean includeReplaced) {
        List<SnapshotEntry> out = new ArrayList<>();
        for (SnapshotEntry e : unseen.values()) {
            int slash = e.path().lastIndexOf('/');
            if (slash < 0) {
                out.add(e);
                continue;
            }
            Item parent = directories.get(e.path().substring(0, slash));
            if (parent == null) continue; // the parent is gone or no longer a directory: covered by it
            if (parent.kind() == Kind.REPLACED && !includeReplaced) continue;
            out.add(e);
        }
        return out;
    }

    Path rootfs() {
        return rootfs;
    }
}
