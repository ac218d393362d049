package dev.stowage.place;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.Closeable;
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

    /** A tar archive read in place: entries are opened where they lie, no copy is made. */
    static LayoutFiles tar(Path file) throws IOException {
        TarFile tar;
        try {
            tar = new TarFile(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new PlaceException(file + " is not a tar archive (a compressed archive must be decompressed first)", e);
        }
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        for (TarArchiveEntry e : tar.getEntries()) entries.put(normalize(e.getName()), e);
        return new LayoutFiles() {
            private TarArchiveEntry entry(String path) {
                TarArchiveEntry e = entries.get(normalize(path));
                for (int hops = 0; e != null && (e.isSymbolicLink() || e.isLink()) && hops < 8; hops++) {
                    String target = e.getLinkName();
                    String base = e.isSymbolicLink() && normalize(e.getName()).contains("/")
                            ? normalize(e.getName()).substring(0, normalize(e.getName()).lastIndexOf('/') + 1) : "";
                    e = entries.get(normalize(target.startsWith("/") ? target : base + target));
                }
                if (e == null || !e.isFile()) throw new PlaceException(file + " has no " + path);
                return e;
            }

            @Override
            public boolean exists(String path) {
                return entries.containsKey(normalize(path));
            }

            @Override
            public InputStream open(String path) throws IOException {
                return tar.getInputStream(entry(path));
            }

            @Override
            public long size(String path) {
                return entry(path).getSize();
            }

            @Override
            public void close() throws IOException {
                tar.close();
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
