package dev.stowage.testing;

import dev.stowage.layer.LayerContents;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Builds small layer tars in memory for tests: entries in the order added, with the defaults of commons-compress
 * (see container.LayerTar for names written exactly as given, owners and fixed times).
 */
public final class TarBuilder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

    public TarBuilder() {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    public TarBuilder dir(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        e.setMode(040755);
        return put(e, new byte[0]);
    }

    public TarBuilder file(String name, int size, char fill) {
        byte[] content = new byte[size];
        Arrays.fill(content, (byte) fill);
        return file(name, content, 0644);
    }

    public TarBuilder file(String name, byte[] content, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100000 | mode);
        e.setSize(content.length);
        return put(e, content);
    }

    public TarBuilder symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
        e.setLinkName(target);
        return put(e, new byte[0]);
    }

    public TarBuilder whiteout(String path) {
        int slash = path.lastIndexOf('/');
        String name = (slash < 0 ? "" : path.substring(0, slash + 1)) + ".wh." + path.substring(slash + 1);
        return file(name, new byte[0], 0644);
    }

    public TarBuilder opaque(String dir) {
        return file(dir + "/.wh..wh..opq", new byte[0], 0644);
    }

    private TarBuilder put(TarArchiveEntry e, byte[] content) {
        try {
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return this;
    }

    public byte[] bytes() {
        try {
            tar.finish();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    public LayerContents read() {
        try (InputStream in = new ByteArrayInputStream(bytes())) {
            return LayerContents.read(in, "test layer");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
