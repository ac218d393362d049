package dev.stowage.place;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The files of an image layout or archive, by their path inside it: a directory, or a tar file read in place. */
interface LayoutFiles extends Closeable {
    boolean exists(String path);

    InputStream open(String path) throws IOException;

    long size(String path) throws IOException;

    default byte[] read(String path, long cap) throws IOException {
        if (size(path) > cap) throw new PlaceException(path + " is larger than " + cap + " bytes");
        try (InputStream in = open(path)) {
            return in.readAllBytes();
        }
    }

    static LayoutFiles directory(Path dir) {
        return new LayoutFiles() {
            @Override
            public boolean exists(String path) {
                return Files.isRegularFile(dir.resolve(path));
            }

            @Override
            public InputStream open(String path) throws IOException {
                try {
                    return Files.newInputStream(dir.resolve(path));
                } catch (NoSuchFileException e) {
                    throw new PlaceException(dir + " has no " + path);
                }
            }

            @Override
            public long size(String path) throws IOException {
                return Files.size(dir.resolve(path));
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * A tar archive read in place: entries are opened where they lie, each on its own channel (so that layers can be
     * read at once on several threads), no copy is made.
     */
    static LayoutFiles tar(Path file) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarFile tar = new TarFile(file)) {
            for (TarArchiveEntry e : tar.getEntries()) entries.put(normalize(e.getName()), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new PlaceException(file + " is not a tar archive (a compressed archive must be decompressed first)", e);
        }
        return new LayoutFiles() {
            private TarArchiveEntry entry(String path) {
                TarArchiveEntry e = entries.get(normalize(path));
                for (int hops = 0; e != null && (e.isSymbolicLink() || e.isLink()) && hops < 8; hops++) {
                    String name = normalize(e.getName());
                    String base = e.isSymbolicLink() && name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
                    String target = e.getLinkName();
                    e = entries.get(normalize(e.isSymbolicLink() && !target.startsWith("/") ? base + target : target));
                }
                if (e == null || !e.isFile() || e.isSparse()) throw new PlaceException(file + " has no " + path);
                return e;
            }

            @Override
            public boolean exists(String path) {
                return entries.containsKey(normalize(path));
            }

            @Override
            public InputStream open(String path) throws IOException {
                TarArchiveEntry e = entry(path);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                channel.position(e.getDataOffset());
                return new FilterInputStream(Channels.newInputStream(channel)) {
                    private long left = e.getSize();

                    @Override
                    public int read() throws IOException {
                        if (left <= 0) return -1;
                        int b = super.read();
                        if (b >= 0) left--;
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (left <= 0) return -1;
                        int n = super.read(b, off, (int) Math.min(len, left));
                        if (n > 0) left -= n;
                        return n;
                    }

                    @Override
                    public long skip(long n) throws IOException {
                        long skipped = super.skip(Math.min(Math.max(n, 0), left));
                        left -= skipped;
                        return skipped;
                    }

                    @Override
                    public int available() throws IOException {
                        return (int) Math.min(super.available(), left);
                    }
                };
            }

            @Override
            public long size(String path) {
                return entry(path).getSize();
            }

            @Override
            public void close() {
            }
        };
    }

    private static String normalize(String name) {
        String n = name;
        while (n.startsWith("./") || n.startsWith("/")) n = n.substring(n.startsWith("./") ? 2 : 1);
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String part : n.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) parts.pollLast();
            else parts.addLast(part);
        }
        return String.join("/", parts);
    }
}
