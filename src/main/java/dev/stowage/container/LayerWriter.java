package dev.stowage.container;

import dev.stowage.layer.EntryType;
import dev.stowage.layer.LayerContents;
import dev.stowage.layer.TarWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes rootfs entries as a layer tar: PAX headers for long and non-ASCII names and big numbers, no user
 * or group names, mtimes in whole seconds (clamped to {@code SOURCE_DATE_EPOCH} when given), and regular
 * files that share an inode written once, the later paths as hard links to the first.
 * <p>
 * The metadata written for a path is what it has in the image when it did not change (so a placeholder is
 * written as the device it stands for, and ownership and modes that could not be applied at create are
 * restored), else what the disk says, where a mode or owner still equal to what create left on disk is the
 * image's, and — in a rootless container — the creating user's files are written as root's.
 */
final class LayerWriter {
    /** The metadata a path is written with. */
    record Effective(EntryType type, int mode, long uid, long gid, long mtime, String link, int devMajor, int devMinor,
                     Map<String, String> xattrs) {
    }

    private final TarWriter tar;
    private final Container container;
    private final Long clamp;
    private final long markerTime;
    private final Map<String, String> firstPathOfInode = new HashMap<>();
    private final byte[] buffer = new byte[256 * 1024];

    /**
     * @param clamp      SOURCE_DATE_EPOCH (seconds), or null
     * @param markerTime the mtime of whiteout and opaque markers
     */
    LayerWriter(OutputStream out, Container container, Long clamp, long markerTime) {
        this.tar = new TarWriter(out);
        this.container = container;
        this.clamp = clamp;
        this.markerTime = clamp(markerTime);
    }

    private long clamp(long seconds) {
        return clamp != null && seconds > clamp ? clamp : seconds;
    }

    static Effective effective(RootfsScan.Item item, Container container) {
        RootfsScan.Disk d = item.disk();
        SnapshotEntry p = item.prev();
        long mtime = d.mtimeSeconds();
        if (p != null && item.kind() == RootfsScan.Kind.UNCHANGED) {
            return new Effective(p.type(), p.mode(), p.uid(), p.gid(), p.isDirectory() ? mtime : p.mtime(), p.link(),
                    p.devMajor(), p.devMinor(), p.xattrs());
        }
        boolean sameType = p != null && p.diskType() == d.type();
        int mode = sameType && d.mode() == p.expectedDiskMode() ? p.mode() : d.mode();
        long uid = d.uid();
        long gid = d.gid();
        if (p != null && uid == p.expectedDiskUid()) uid = p.uid();
        else if (container.rootless() && uid == container.uid()) uid = 0;
        if (p != null && gid == p.expectedDiskGid()) gid = p.gid();
        else if (container.rootless() && gid == container.gid()) gid = 0;
        boolean device = d.type() == EntryType.CHAR_DEVICE || d.type() == EntryType.BLOCK_DEVICE;
        return new Effective(d.type(), mode, uid, gid, mtime, d.link(), device ? d.devMajor() : 0, device ? d.devMinor() : 0,
                sameType ? p.xattrs() : Map.of());
    }

    /** Writes one rootfs path (and, for a regular file, its content from disk). */
    void entry(RootfsScan.Item item, Path rootfs) throws IOException {
        if (item.disk().type() == null) return; // sockets have no place in a layer
        Effective e = effective(item, container);
        String path = item.path();
        EntryType type = e.type();
        String link = e.link();
        long size = 0;
        if (type == EntryType.FILE || type == EntryType.HARDLINK) { // a snapshot knows regular files only
            String first = item.disk().nlink() > 1
                    ? firstPathOfInode.putIfAbsent(item.disk().dev() + ":" + item.disk().ino(), path) : null;
            if (first != null) {
                type = EntryType.HARDLINK;
                link = first;
            } else {
                type = EntryType.FILE;
                size = item.disk().size();
            }
        }
        tar.put(new TarWriter.Entry(path, type, e.mode(), e.uid(), e.gid(), size, clamp(e.mtime()), link,
                e.devMajor(), e.devMinor(), e.xattrs()));
        if (size > 0) copy(rootfs.resolve(path), size, path);
    }

    private void copy(Path file, long size, String path) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) throw new ContainerException("/" + path + " changed while it was being read; try again");
                tar.write(buffer, 0, n);
                left -= n;
            }
        } catch (AccessDeniedException e) {
            throw new ContainerException("cannot read /" + path + ": permission denied");
        }
    }

    /** {@code .wh.NAME} beside a deleted path. */
    void whiteout(String deletedPath) throws IOException {
        int slash = deletedPath.lastIndexOf('/');
        String name = (slash < 0 ? "" : deletedPath.substring(0, slash + 1)) + LayerContents.WHITEOUT_PREFIX
                + deletedPath.substring(slash + 1);
        marker(name);
    }

    /** {@code DIR/.wh..wh..opq}: the directory's content in lower layers is hidden. */
    void opaque(String dir) throws IOException {
        marker(dir + "/" + LayerContents.OPAQUE_MARKER);
    }

    private void marker(String name) throws IOException {
        tar.put(new TarWriter.Entry(name, EntryType.FILE, 0644, 0, 0, 0, markerTime, null, 0, 0, Map.of()));
    }

    /** Ends the archive; the underlying stream stays open. */
    void finish() throws IOException {
        tar.finish();
    }
}
