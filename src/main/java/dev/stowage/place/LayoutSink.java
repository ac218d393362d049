package dev.stowage.place;

import dev.stowage.archive.ArchiveDocuments;
import dev.stowage.util.FileOps;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a layout or archive is written: files added one by one, shown only by {@link #commit()} — a tar file
 * written beside its target and moved over it, or a directory whose new files are removed again if the writing
 * fails (the directory's {@code index.json} is only replaced by the commit).
 */
interface LayoutSink extends Closeable {
    /** Writes one file of {@code size} bytes; {@code body} writes exactly that many into the stream. */
    void put(String path, long size, Body body) throws IOException;

    default void put(String path, byte[] bytes) throws IOException {
        put(path, bytes.length, out -> out.write(bytes));
    }

    boolean has(String path);

    void commit() throws IOException;

    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    static LayoutSink tarFile(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + target.getFileName() + "-", ".partial");
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(
                new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 20), 64 * 1024);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        List<String> written = new ArrayList<>();
        return new LayoutSink() {
            private boolean committed;

            @Override
            public void put(String path, long size, Body body) throws IOException {
                tar.putArchiveEntry(ArchiveDocuments.fileEntry(path, size));
                body.writeTo(tar);
                tar.closeArchiveEntry();
                written.add(path);
            }

            @Override
            public boolean has(String path) {
                return written.contains(path);
            }

            @Override
            public void commit() throws IOException {
                tar.finish();
                tar.flush();
                channel.force(true);
                tar.close();
                FileOps.moveAtomically(temp, target);
                FileOps.fsyncDirectory(parent);
                committed = true;
            }

            @Override
            public void close() throws IOException {
                if (committed) return;
                try {
                    channel.close();
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        };
    }

    static LayoutSink directory(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        List<Path> created = new ArrayList<>();
        return new LayoutSink() {
            private final List<Path[]> documents = new ArrayList<>();
            private boolean committed;

            @Override
            public void put(String path, long size, Body body) throws IOException {
                Path target = dir.resolve(path);
                Path temp = Files.createTempFile(target.getParent(), ".", ".partial");
                created.add(temp);
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 20)) {
                    body.writeTo(out);
                }
                if (path.startsWith("blobs/")) {
                    FileOps.moveAtomically(temp, target);
                    created.set(created.size() - 1, target);
                } else {
                    documents.add(new Path[]{temp, target}); // index.json, oci-layout: replaced only by the commit
                }
            }

            @Override
            public boolean has(String path) {
                return Files.isRegularFile(dir.resolve(path));
            }

            @Override
            public void commit() throws IOException {
                for (Path[] d : documents) FileOps.writeAtomically(d[1], Files.readAllBytes(d[0]));
                committed = true;
                close();
            }

            @Override
            public void close() throws IOException {
                for (Path[] d : documents) Files.deleteIfExists(d[0]);
                if (!committed) for (Path p : created) Files.deleteIfExists(p);
                created.clear();
                documents.clear();
            }
        };
    }
}
