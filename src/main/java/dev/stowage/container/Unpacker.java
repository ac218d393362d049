package dev.stowage.container;

import dev.stowage.layer.EntryType;
import dev.stowage.layer.LayerContents;
import dev.stowage.layer.TarReader;
import dev.stowage.util.FileOps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Unpacks image layers, in order, into an empty rootfs directory, with union semantics, and records the
 * snapshot of what it made.
 * <p>
 * <b>Safety.</b> Every write happens at a path resolved inside rootfs component by component against an
 * in-memory model of what this unpacker has made there (the directory starts empty and nothing else writes
 * to it meanwhile): entry names are cleaned lexically first ({@code ../../x} is {@code x}, {@code ./a} is
 * {@code a}, a name that is the root itself is skipped), then each parent component that is a symlink is
 * followed <em>scoped to rootfs</em> — an absolute target restarts at rootfs, {@code ..} stops at rootfs,
 * as containerd's {@code fs.RootPath} does — so the parent is always a real directory inside rootfs. The
 * last component is never followed: whatever is there is removed and the entry created in its place
 * ({@code O_CREAT|O_EXCL|O_NOFOLLOW}); owner, mode and times are set with {@code NOFOLLOW_LINKS}
 * ({@code lchown}, {@code fchmod} on an {@code O_NOFOLLOW} descriptor, {@code lutimes}) and a symlink is
 * never chmod-ed. A hard link's target is resolved the same way (its last component not followed, as
 * {@code link(2)} does), must exist, and must not be a directory.
 * <p>
 * <b>Union.</b> {@code .wh.NAME} removes NAME and its subtree from the layers below (not what this layer
 * itself wrote), {@code .wh..wh..opq} removes a directory's lower content, a non-directory replacing a
 * directory removes it, a directory over a directory merges, a file where a directory is needed is replaced
 * by one, and a later entry of the same name wins.
 * <p>
 * <b>What cannot be applied is recorded.</b> Java cannot make device nodes or FIFOs: they become empty
 * placeholder files, marked in the snapshot with their type and numbers. Not running as root (or when
 * {@code chown} is refused), ownership stays the current user's and the image's owner is recorded; directories
 * keep {@code u+rwx} and files {@code u+r} on disk so that the owner can work in the rootfs, with the image's
 * mode recorded. xattrs are recorded, not applied. A commit or export puts the recorded values back.
 */
final class Unpacker {
    private static final int MAX_LINKS = 255;

    /** What the unpacker made at one path (mutable while layers are applied). */
    private static final class Node {
        EntryType type;
        int mode;
        long uid;
        long gid;
        long size;
        long mtime;
        String link;
        int devMajor;
        int devMinor;
        Map<String, String> xattrs = Map.of();
        String sha256;
        int diskMode = -1;
        long diskUid = -1;
        long diskGid = -1;
        boolean placeholder;

        Node copy() {
            Node n = new Node();
            n.type = type; n.mode = mode; n.uid = uid; n.gid = gid; n.size = size; n.mtime = mtime; n.link = link;
            n.devMajor = devMajor; n.devMinor = devMinor; n.xattrs = xattrs; n.sha256 = sha256;
            n.diskMode = diskMode; n.diskUid = diskUid; n.diskGid = diskGid; n.placeholder = placeholder;
            return n;
        }
    }

    private final Path rootfs;
    private final long euid;
    private final long egid;
    private final boolean rootless;
    private boolean chownWorks;
    private final TreeMap<String, Node> model = new TreeMap<>();
    private final dev.stowage.util.Sha256 sha256 = dev.stowage.util.Sha256.create();
    private final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
    private Set<String> touched = new HashSet<>();
    private String label = "";
    private String entryName = "";

    /** {@code euid}/{@code egid}: who this process is (the owner of what it creates). */
    Unpacker(Path rootfs, long euid, long egid) {
        this.rootfs = rootfs;
        this.euid = euid;
        this.egid = egid;
        this.rootless = euid != 0;
        this.chownWorks = !rootless;
    }

    /** False once ownership could not be applied (not root, or chown refused). */
    boolean ownershipApplied() {
        return chownWorks;
    }

    /** Applies one layer (an uncompressed tar stream); {@code label} names it in errors ("layer 2"). */
    void apply(InputStream tarStream, String label) throws IOException {
        this.label = label;
        this.touched = new HashSet<>();
        TarReader tar = new TarReader(tarStream);
        TarReader.Header e;
        while (true) {
            try {
                e = tar.next();
            } catch (IOException | IllegalArgumentException ex) {
                throw new ContainerException(label + " is damaged or not a tar archive: " + ex.getMessage(), ex);
            }
            if (e == null) break;
            entryName = e.name();
            try {
                handle(e, tar);
            } catch (ContainerException ex) {
                throw ex;
            } catch (FileSystemException ex) {
                throw fail(describe(ex));
            } catch (InvalidPathException ex) {
                throw fail("the name cannot be used on this system (" + ex.getReason() + "; is the locale UTF-8?)");
            } catch (IOException ex) {
                throw fail(ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage());
            }
        }
    }

    private ContainerException fail(String why) {
        return new ContainerException(label + ": " + entryName + ": " + why);
    }

    private static String describe(FileSystemException ex) {
        String reason = ex.getReason() == null ? ex.getClass().getSimpleName() : ex.getReason();
        return reason;
    }

    private void handle(TarReader.Header e, TarReader tar) throws IOException {
        List<String> comps = clean(e.name());
        if (comps.isEmpty()) return; // the root itself ("", ".", "..", "/"): nothing to make
        String name = comps.get(comps.size() - 1);
        List<String> parentComps = comps.subList(0, comps.size() - 1);
        if (name.equals(LayerContents.OPAQUE_MARKER)) {
            opaque(parentComps);
            return;
        }
        if (name.startsWith(LayerContents.WHITEOUT_PREFIX)) {
            whiteout(parentComps, name.substring(LayerContents.WHITEOUT_PREFIX.length()));
            return;
        }
        EntryType type = e.entryType();
        long mtime = e.mtime();
        String parent = resolve(parentComps);
        ensureDirectories(parent, mtime);
        String path = parent.isEmpty() ? name : parent + "/" + name;
        if (type == EntryType.HARDLINK) {
            hardlink(path, e.linkName());
            touch(path);
            return;
        }
        touch(path);
        Node existing = model.get(path);
        Node node;
        if (type == EntryType.DIRECTORY) {
            if (existing != null && existing.type != EntryType.DIRECTORY) {
                delete(path);
                existing = null;
            }
            if (existing == null) {
                Files.createDirectory(abs(path));
                node = new Node();
                node.type = EntryType.DIRECTORY;
                model.put(path, node);
            } else {
                node = existing;
            }
            setMetadata(node, e, mtime);
            return; // owner, mode and times of directories are applied in finish()
        }
        if (existing != null) delete(path);
        node = new Node();
        node.type = type;
        setMetadata(node, e, mtime);
        Path target = abs(path);
        switch (type) {
            case FILE -> {
                writeFile(target, tar.content(), node);
                applyOwner(target, node);
                applyMode(target, node, false);
                setTime(target, node.mtime);
            }
            case SYMLINK -> {
                String link = e.linkName();
                if (link == null || link.isEmpty()) throw fail("symbolic link with an empty target");
                Path linkPath = Path.of(link);
                Files.createSymbolicLink(target, linkPath);
                node.link = linkPath.toString();
                node.mode = 0777;
                applyOwner(target, node);
                setTime(target, node.mtime);
            }
            default -> { // devices and FIFOs: an empty placeholder file, recorded as what it stands for
                node.placeholder = true;
                node.devMajor = e.devMajor();
                node.devMinor = e.devMinor();
                writeFile(target, null, node);
                applyOwner(target, node);
                applyMode(target, node, false);
                setTime(target, node.mtime);
            }
        }
        model.put(path, node);
    }

    private static void setMetadata(Node node, TarReader.Header e, long mtime) {
        node.mode = e.mode() & 07777;
        node.uid = e.uid();
        node.gid = e.gid();
        node.mtime = mtime;
        node.xattrs = e.xattrs();
    }

    // ---- paths -------------------------------------------------------------------------------------

    /** Lexical clean of an entry name against the root: {@code ./a//b/../c} → [a, c]; {@code ../../x} → [x]. */
    static List<String> clean(String raw) {
        List<String> out = new ArrayList<>();
        if (raw == null) return out;
        for (String c : raw.split("/")) {
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (!out.isEmpty()) out.remove(out.size() - 1);
            } else {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The real path (relative to rootfs) that {@code comps} name, following every symlink among them scoped
     * to rootfs. Components past a missing or non-directory one are kept as they are (they will be made).
     */
    private String resolve(List<String> comps) {
        Deque<String> todo = new ArrayDeque<>(comps);
        List<String> real = new ArrayList<>();
        int links = 0;
        StringBuilder sb = new StringBuilder();
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (!real.isEmpty()) real.remove(real.size() - 1);
                continue;
            }
            sb.setLength(0);
            for (String r : real) sb.append(r).append('/');
            String candidate = sb.append(c).toString();
            Node n = model.get(candidate);
            if (n != null && n.type == EntryType.SYMLINK) {
                if (++links > MAX_LINKS) throw fail("too many levels of symbolic links");
                String target = n.link;
                if (target.startsWith("/")) real.clear();
                String[] parts = target.split("/");
                for (int i = parts.length - 1; i >= 0; i--) todo.addFirst(parts[i]);
                continue;
            }
            real.add(c);
        }
        return String.join("/", real);
    }

    /** Makes every directory of {@code dir} that is missing; a non-directory in the way is replaced. */
    private void ensureDirectories(String dir, long mtime) throws IOException {
        if (dir.isEmpty()) return;
        int from = 0;
        while (true) {
            int slash = dir.indexOf('/', from);
            String prefix = slash < 0 ? dir : dir.substring(0, slash);
            Node n = model.get(prefix);
            if (n == null || n.type != EntryType.DIRECTORY) {
                if (n != null) delete(prefix);
                Files.createDirectory(abs(prefix));
                Node d = new Node();
                d.type = EntryType.DIRECTORY;
                d.mode = 0755;
                d.mtime = mtime;
                model.put(prefix, d);
                touched.add(prefix);
            }
            if (slash < 0) return;
            from = slash + 1;
        }
    }

    private void touch(String path) {
        String p = path;
        while (touched.add(p)) {
            int slash = p.lastIndexOf('/');
            if (slash < 0) return;
            p = p.substring(0, slash);
        }
    }

    private Path abs(String path) {
        return rootfs.resolve(path);
    }

    private NavigableMap<String, Node> subtree(String path) {
        return path.isEmpty() ? model : model.subMap(path + "/", true, path + "0", false);
    }

    private List<String> children(String path) {
        List<String> out = new ArrayList<>();
        int start = path.isEmpty() ? 0 : path.length() + 1;
        for (String p : subtree(path).keySet()) {
            if (p.indexOf('/', start) < 0) out.add(p);
        }
        return out;
    }

    /** Removes a path and everything below it, on disk (never following a symlink) and in the model. */
    private void delete(String path) throws IOException {
        Node n = model.remove(path);
        if (n != null && n.type == EntryType.DIRECTORY) {
            subtree(path).clear();
            FileOps.deleteRecursively(abs(path));
        } else {
            Files.deleteIfExists(abs(path));
        }
    }

    // ---- whiteouts ---------------------------------------------------------------------------------

    private void whiteout(List<String> parentComps, String name) throws IOException {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw fail("invalid whiteout: it names no file");
        }
        String parent = resolve(parentComps);
        if (!parent.isEmpty()) {
            Node p = model.get(parent);
            if (p == null || p.type != EntryType.DIRECTORY) return; // nothing below to remove
        }
        removeLower(parent.isEmpty() ? name : parent + "/" + name);
    }

    private void opaque(List<String> parentComps) throws IOException {
        String dir = resolve(parentComps);
        if (!dir.isEmpty()) {
            Node p = model.get(dir);
            if (p == null || p.type != EntryType.DIRECTORY) return;
        }
        for (String child : children(dir)) removeLower(child);
    }

    /** Removes what lower layers put at {@code path}, keeping what this layer wrote there. */
    private void removeLower(String path) throws IOException {
        Node n = model.get(path);
        if (n == null) return;
        if (!touched.contains(path)) {
            delete(path);
        } else if (n.type == EntryType.DIRECTORY) {
            for (String child : children(path)) removeLower(child);
        }
    }

    // ---- entries -----------------------------------------------------------------------------------

    private void hardlink(String path, String linkName) throws IOException {
        List<String> comps = clean(linkName);
        if (comps.isEmpty()) throw fail("hard link to the root directory");
        String parent = resolve(comps.subList(0, comps.size() - 1));
        String target = parent.isEmpty() ? comps.get(comps.size() - 1) : parent + "/" + comps.get(comps.size() - 1);
        Node t = model.get(target);
        if (t == null) throw fail("hard link target " + linkName + " does not exist");
        if (t.type == EntryType.DIRECTORY) throw fail("hard link to a directory (" + linkName + ")");
        if (target.equals(path)) return;
        if (target.startsWith(path + "/")) throw fail("hard link would replace a directory holding its own target");
        if (model.containsKey(path)) delete(path);
        Files.createLink(abs(path), abs(target));
        model.put(path, t.copy());
    }

    private void writeFile(Path target, InputStream content, Node node) throws IOException {
        sha256.reset();
        long size = 0;
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            if (content != null) {
                byte[] array = buffer.array();
                int n;
                while ((n = content.read(array)) >= 0) {
                    if (n == 0) continue;
                    sha256.update(array, 0, n);
                    buffer.clear().limit(n);
                    while (buffer.hasRemaining()) ch.write(buffer);
                    size += n;
                }
            }
        }
        node.size = size;
        node.sha256 = sha256.digest().hex();
    }

    private void applyOwner(Path target, Node node) throws IOException {
        if (chownWorks) {
            if (node.uid == euid && node.gid == egid) return;
            try {
                if (node.uid != euid) Files.setAttribute(target, "unix:uid", (int) node.uid, LinkOption.NOFOLLOW_LINKS);
                if (node.gid != egid) Files.setAttribute(target, "unix:gid", (int) node.gid, LinkOption.NOFOLLOW_LINKS);
                return;
            } catch (FileSystemException e) {
                chownWorks = false; // e.g. root in a user namespace without these ids: record from now on
            }
        }
        Map<String, Object> owner = Files.readAttributes(target, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        long uid = ((Number) owner.get("uid")).longValue();
        long gid = ((Number) owner.get("gid")).longValue();
        node.diskUid = uid != node.uid ? uid : -1;
        node.diskGid = gid != node.gid ? gid : -1;
    }

    private void applyMode(Path target, Node node, boolean directory) throws IOException {
        int want = node.mode & 07777;
        int disk = want;
        if (rootless) disk |= directory ? 0700 : 0400;
        Files.setAttribute(target, "unix:mode", disk, LinkOption.NOFOLLOW_LINKS);
        if ((disk & 07000) != 0) {
            disk = ((Integer) Files.getAttribute(target, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
        }
        node.diskMode = disk != want ? disk : -1;
    }

    private static void setTime(Path target, long seconds) throws IOException {
        Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(seconds, TimeUnit.SECONDS), null, null);
    }

    /** Applies directory owners, modes and times (after all layers, since making entries changes them) and returns the snapshot. */
    List<SnapshotEntry> finish() throws IOException {
        label = "rootfs";
        List<SnapshotEntry> entries = new ArrayList<>(model.size());
        Map<String, Long> inodes = new HashMap<>();
        for (Map.Entry<String, Node> me : model.entrySet()) {
            Node n = me.getValue();
            if (n.type != EntryType.DIRECTORY) continue;
            entryName = me.getKey();
            Path dir = abs(me.getKey());
            try {
                applyOwner(dir, n);
                applyMode(dir, n, true);
                setTime(dir, n.mtime);
                inodes.put(me.getKey(), ((Number) Files.getAttribute(dir, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue());
            } catch (FileSystemException ex) {
                throw fail(describe(ex));
            }
        }
        for (Map.Entry<String, Node> me : model.entrySet()) {
            Node n = me.getValue();
            entries.add(new SnapshotEntry(me.getKey(), n.type, n.mode, n.uid, n.gid, n.size, n.mtime, n.link,
                    n.devMajor, n.devMinor, n.xattrs, n.sha256, inodes.getOrDefault(me.getKey(), 0L),
                    n.diskMode, n.diskUid, n.diskGid, n.placeholder));
        }
        return entries;
    }
}
