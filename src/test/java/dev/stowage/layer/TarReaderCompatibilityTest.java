package dev.stowage.layer;

import dev.stowage.testing.Tools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lean tar reader used for analysis must read every header exactly as commons-compress does: tars written
 * by Python's tarfile in GNU, PAX and ustar formats, with long and non-ASCII names, long link targets, xattrs,
 * devices, fifos, hard links, large ids and a gzip-compressed copy.
 */
class TarReaderCompatibilityTest {
    private static final String SCRIPT = """
            import tarfile, io, sys
            fmt = {"gnu": tarfile.GNU_FORMAT, "pax": tarfile.PAX_FORMAT, "ustar": tarfile.USTAR_FORMAT}[sys.argv[2]]
            def add(t, name, data=None, **kw):
                ti = tarfile.TarInfo(name)
                for k, v in kw.items(): setattr(ti, k, v)
                if data is not None: ti.size = len(data)
                t.addfile(ti, io.BytesIO(data) if data is not None else None)
            with tarfile.open(sys.argv[1], "w", format=fmt) as t:
                add(t, "etc", type=tarfile.DIRTYPE, mode=0o755, mtime=1700000000)
                add(t, "etc/passwd", b"root:x:0:0\\n", mode=0o644, uid=0, gid=0, mtime=1700000001)
                add(t, "usr/" + "deep/" * 30 + "file.txt", b"long path", mode=0o600, mtime=5)
                add(t, "data/\\u4e2d\\u6587.txt" if fmt != tarfile.USTAR_FORMAT else "data/plain.txt", b"hello docker", uid=1000, gid=1000)
                add(t, "bin/sh", type=tarfile.SYMTYPE, linkname="busybox")
                add(t, "bin/ln", type=tarfile.LNKTYPE, linkname="etc/passwd")
                add(t, "lib/link", type=tarfile.SYMTYPE, linkname="/" + "x/" * 60 + "target" if fmt != tarfile.USTAR_FORMAT else "/short")
                add(t, "dev/null", type=tarfile.CHRTYPE, devmajor=1, devminor=3, mode=0o666)
                add(t, "dev/sda", type=tarfile.BLKTYPE, devmajor=8, devminor=0)
                add(t, "run/fifo", type=tarfile.FIFOTYPE)
                add(t, "empty", b"")
                add(t, "big/block", b"x" * 513)
                if fmt == tarfile.PAX_FORMAT:
                    ti = tarfile.TarInfo("caps"); data = b"cap"; ti.size = len(data)
                    ti.pax_headers = {"SCHILY.xattr.user.note": "hi", "SCHILY.xattr.security.selinux": "system_u"}
                    t.addfile(ti, io.BytesIO(data))
                if fmt != tarfile.USTAR_FORMAT:
                    add(t, "bigid", b"id", uid=3000000, gid=3000001)
                add(t, "etc/passwd", b"root:x:0:0:changed\\n", mode=0o600)
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"gnu", "pax", "ustar"})
    void readsWhatCommonsCompressReads(String format) throws Exception {
        Tools.require("python3");
        Path script = dir.resolve("make.py");
        Files.writeString(script, SCRIPT);
        Path tar = dir.resolve(format + ".tar");
        Tools.run(dir, "python3", script.toString(), tar.toString(), format).assertOk();
        byte[] bytes = Files.readAllBytes(tar);

        LayerContents lean = LayerContents.read(new ByteArrayInputStream(bytes), "layer");
        Map<String, FileEntry> reference = reference(bytes);
        assertThat(lean.entries().keySet()).containsExactlyElementsOf(reference.keySet());
        assertThat(lean.entries()).isEqualTo(reference);
        assertThat(lean.tarSize()).isEqualTo(bytes.length);

        Tools.run(dir, "gzip", "-k", tar.toString()).assertOk();
        LayerContents gz;
        try (InputStream in = Files.newInputStream(dir.resolve(format + ".tar.gz"))) {
            gz = LayerContents.read(in, "layer");
        }
        assertThat(gz.entries()).isEqualTo(lean.entries());
    }

    /** The same model built with commons-compress, the reference. */
    private static Map<String, FileEntry> reference(byte[] bytes) throws Exception {
        Map<String, FileEntry> out = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(bytes))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String path = LayerContents.cleanPath(e.getName());
                EntryType type = typeOf(e);
                long hash = type == EntryType.FILE ? dev.stowage.util.XxHash64.hash(tar.readAllBytes(), 0, (int) e.getSize()) : 0;
                String link = type == EntryType.HARDLINK ? LayerContents.cleanPath(e.getLinkName())
                        : type == EntryType.SYMLINK ? e.getLinkName() : null;
                out.remove(path);
                out.put(path, new FileEntry(path, type, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(),
                        type == EntryType.FILE ? e.getSize() : 0, e.getLastModifiedDate().getTime() / 1000, link,
                        e.getDevMajor(), e.getDevMinor(), xattrs(e), hash));
            }
        }
        return out;
    }

    private static EntryType typeOf(TarArchiveEntry e) {
        if (e.isDirectory()) return EntryType.DIRECTORY;
        if (e.isSymbolicLink()) return EntryType.SYMLINK;
        if (e.isLink()) return EntryType.HARDLINK;
        if (e.isCharacterDevice()) return EntryType.CHAR_DEVICE;
        if (e.isBlockDevice()) return EntryType.BLOCK_DEVICE;
        if (e.isFIFO()) return EntryType.FIFO;
        return EntryType.FILE;
    }

    private static Map<String, String> xattrs(TarArchiveEntry e) {
        Map<String, String> xattrs = new LinkedHashMap<>();
        e.getExtraPaxHeaders().forEach((k, v) -> {
            if (k.startsWith(TarEntries.XATTR_PREFIX)) xattrs.put(k.substring(TarEntries.XATTR_PREFIX.length()), v);
        });
        return xattrs;
    }
}
