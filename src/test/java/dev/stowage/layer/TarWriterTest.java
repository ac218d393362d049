package dev.stowage.layer;

import dev.stowage.testing.Tools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link TarWriter} writes reads back exactly, with our reader, commons-compress and Python's tarfile. */
class TarWriterTest {
    /** security.capability granting cap_net_raw+ep: binary, with bytes that are not UTF-8. */
    static final byte[] CAPABILITY = {1, 0, 0, 2, 0, 0x20, 0, 0, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    static final String CAPABILITY_TEXT = new String(CAPABILITY, StandardCharsets.ISO_8859_1);
    static final String LONG_NAME = "usr/" + "deep/".repeat(30) + "file.txt";
    static final String LONG_LINK = "/" + "x/".repeat(60) + "target";

    @TempDir
    Path dir;

    static List<TarWriter.Entry> entries() {
        return List.of(
                new TarWriter.Entry("etc", EntryType.DIRECTORY, 0755, 0, 0, 0, 1_700_000_000L, null, 0, 0, Map.of()),
                new TarWriter.Entry("etc/passwd", EntryType.FILE, 0644, 0, 0, 11, 1_700_000_001L, null, 0, 0, Map.of()),
                new TarWriter.Entry(LONG_NAME, EntryType.FILE, 0600, 0, 0, 0, 5, null, 0, 0, Map.of()),
                new TarWriter.Entry("data/中文.txt", EntryType.FILE, 04755, 1000, 1000, 0, 6, null, 0, 0, Map.of()),
                new TarWriter.Entry("bin/ping", EntryType.FILE, 0755, 0, 0, 0, 7, null, 0, 0,
                        Map.of("security.capability", CAPABILITY_TEXT, "user.note", "hi")),
                new TarWriter.Entry("bin/sh", EntryType.SYMLINK, 0777, 0, 0, 0, 8, "busybox", 0, 0, Map.of()),
                new TarWriter.Entry("lib/link", EntryType.SYMLINK, 0777, 0, 0, 0, 9, LONG_LINK, 0, 0, Map.of()),
                new TarWriter.Entry("bin/ln", EntryType.HARDLINK, 0644, 0, 0, 0, 10, "etc/passwd", 0, 0, Map.of()),
                new TarWriter.Entry("dev/null", EntryType.CHAR_DEVICE, 0666, 0, 0, 0, 11, null, 1, 3, Map.of()),
                new TarWriter.Entry("dev/sda", EntryType.BLOCK_DEVICE, 0660, 0, 6, 0, 12, null, 8, 0, Map.of()),
                new TarWriter.Entry("run/fifo", EntryType.FIFO, 0644, 0, 0, 0, 13, null, 0, 0, Map.of()),
                new TarWriter.Entry("bigid", EntryType.FILE, 0644, 3_000_000, 3_000_001, 0, 14, null, 0, 0, Map.of()),
                new TarWriter.Entry("block", EntryType.FILE, 0644, 0, 0, 513, 15, null, 0, 0, Map.of()));
    }

    static byte[] write() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter tar = new TarWriter(out);
        for (TarWriter.Entry e : entries()) {
            tar.put(e);
            byte[] content = e.name().equals("etc/passwd") ? "root:x:0:0\n".getBytes(StandardCharsets.UTF_8)
                    : e.name().equals("block") ? "y".repeat(513).getBytes(StandardCharsets.UTF_8) : new byte[0];
            tar.write(content, 0, content.length);
        }
        tar.finish();
        return out.toByteArray();
    }

    @Test
    void ourReaderReadsBackEveryFieldAndBinaryXattrsByteForByte() throws Exception {
        byte[] bytes = write();
        assertThat(bytes.length % 512).isZero();
        TarReader reader = new TarReader(new ByteArrayInputStream(bytes));
        List<TarReader.Header> headers = new ArrayList<>();
        TarReader.Header h;
        while ((h = reader.next()) != null) {
            headers.add(h);
            if (h.name().equals("block")) assertThat(reader.content().readAllBytes()).hasSize(513);
        }
        List<TarWriter.Entry> expected = entries();
        assertThat(headers).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            TarWriter.Entry e = expected.get(i);
            TarReader.Header got = headers.get(i);
            String name = e.type() == EntryType.DIRECTORY ? e.name() + "/" : e.name();
            assertThat(got.name()).isEqualTo(name);
            assertThat(got.entryType()).isEqualTo(e.type());
            assertThat(got.mode()).isEqualTo(e.mode());
            assertThat(got.uid()).isEqualTo(e.uid());
            assertThat(got.gid()).isEqualTo(e.gid());
            assertThat(got.size()).isEqualTo(e.size());
            assertThat(got.mtime()).isEqualTo(e.mtime());
            if (e.link() != null) assertThat(got.linkName()).isEqualTo(e.link());
            assertThat(got.devMajor()).isEqualTo(e.devMajor());
            assertThat(got.devMinor()).isEqualTo(e.devMinor());
            assertThat(got.xattrs()).isEqualTo(e.xattrs());
        }
        assertThat(headers.get(4).xattrs().get("security.capability").getBytes(StandardCharsets.ISO_8859_1))
                .isEqualTo(CAPABILITY);
        assertThat(write()).isEqualTo(bytes); // deterministic
    }

    @Test
    void commonsCompressReadsTheSameNamesSizesAndContent() throws Exception {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(write()), "UTF-8")) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                names.add(e.getName());
                if (e.getName().equals("etc/passwd")) assertThat(new String(tar.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("root:x:0:0\n");
                if (e.getName().equals("lib/link")) assertThat(e.getLinkName()).isEqualTo(LONG_LINK);
                if (e.getName().equals("bigid")) assertThat(e.getLongUserId()).isEqualTo(3_000_000L);
                if (e.getName().equals("dev/null")) assertThat(e.getDevMinor()).isEqualTo(3);
            }
        }
        assertThat(names).containsExactlyElementsOf(entries().stream()
                .map(e -> e.type() == EntryType.DIRECTORY ? e.name() + "/" : e.name()).toList());
    }

    @Test
    void pythonTarfileAndGnuTarReadTheBinaryCapabilityAndTheLongNames() throws Exception {
        Tools.require("python3");
        Tools.require("tar");
        Path tar = dir.resolve("layer.tar");
        Files.write(tar, write());
        String script = """
                import tarfile, sys
                with tarfile.open(sys.argv[1]) as t:
                    for m in t.getmembers():
                        cap = m.pax_headers.get("SCHILY.xattr.security.capability")
                        extra = cap.encode("utf-8", "surrogateescape").hex() if cap is not None else ""
                        print(m.name, m.type.decode(), oct(m.mode), m.uid, m.size, m.linkname, extra)
                """;
        Path py = dir.resolve("read.py");
        Files.writeString(py, script);
        String out = Tools.run(dir, "python3", py.toString(), tar.toString()).assertOk().stdout();
        assertThat(out).contains("bin/ping 0 0o755 0 0  " + java.util.HexFormat.of().formatHex(CAPABILITY));
        assertThat(out).contains(LONG_NAME + " 0 0o600");
        assertThat(out).contains("data/中文.txt 0 0o4755 1000");
        assertThat(out).contains("lib/link 2 0o777 0 0 " + LONG_LINK);
        assertThat(out).contains("bigid 0 0o644 3000000");
        String listing = Tools.run(dir, "tar", "-tf", tar.toString()).assertOk().stdout();
        assertThat(listing.lines()).contains(LONG_NAME, "data/中文.txt", "block", "etc/");
    }
}
