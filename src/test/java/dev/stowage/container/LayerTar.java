package dev.stowage.container;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Builds layer tars in memory, names written exactly as given (hostile ones included). */
final class LayerTar {
    static final long MTIME = 1_600_000_000L;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, "UTF-8");
    private long uid;
    private long gid;

    LayerTar() {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /** The owner of the entries added from now on. */
    LayerTar owner(long uid, long gid) {
        this.uid = uid;
        this.gid = gid;
        return this;
    }

    LayerTar dir(String name) {
        return dir(name, 0755);
    }

    LayerTar dir(String name, int mode) {
        return put(entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, 040000 | mode), null);
    }

    LayerTar file(String name, String content) {
        return file(name, content, 0644);
    }

    LayerTar file(String name, String content, int mode) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    LayerTar file(String name, byte[] content, int mode) {
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, 0100000 | mode);
        e.setSize(content.length);
        return put(e, content);
    }

    LayerTar fileWithXattr(String name, String content, Map<String, String> xattrs) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, 0100644);
        e.setSize(data.length);
        xattrs.forEach((k, v) -> e.addPaxHeader("SCHILY.xattr." + k, v));
        return put(e, data);
    }

    LayerTar symlink(String name, String target) {
        TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, 0120777);
        e.setLinkName(target);
        return put(e, null);
    }

    LayerTar hardlink(String name, String target) {
        TarArchiveEntry e = entry(name, TarConstants.LF_LINK, 0100644);
        e.setLinkName(target);
        return put(e, null);
    }

    LayerTar charDevice(String name, int major, int minor, int mode) {
        TarArchiveEntry e = entry(name, TarConstants.LF_CHR, 0020000 | mode);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        return put(e, null);
    }

    LayerTar fifo(String name) {
        return put(entry(name, TarConstants.LF_FIFO, 0010644), null);
    }

    LayerTar whiteout(String path) {
        int slash = path.lastIndexOf('/');
        return file((slash < 0 ? "" : path.substring(0, slash + 1)) + ".wh." + path.substring(slash + 1), "", 0644);
    }

    LayerTar opaque(String dir) {
        return file(dir + "/.wh..wh..opq", "", 0644);
    }

    private TarArchiveEntry entry(String name, byte type, int mode) {
        // preserveAbsolutePath keeps "/x" and "../x" names exactly as a hostile archive would carry them
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(mode);
        e.setUserId(uid);
        e.setGroupId(gid);
        e.setUserName("");
        e.setGroupName("");
        e.setModTime(FileTime.from(MTIME, TimeUnit.SECONDS));
        return e;
    }

    private LayerTar put(TarArchiveEntry e, byte[] content) {
        try {
            tar.putArchiveEntry(e);
            if (content != null) tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return this;
    }

    byte[] bytes() {
        try {
            tar.finish();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }
}
