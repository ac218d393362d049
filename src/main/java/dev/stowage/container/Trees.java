package dev.stowage.container;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** File tree helpers for container directories, which their owner may have made read-only in places. */
final class Trees {
    private Trees() {
    }

    /** Deletes a tree without following symlinks, giving its owner back {@code rwx} on directories that lack it. */
    static void delete(Path path) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (a.isDirectory()) {
            for (Path child : list(path, true)) delete(child);
        }
        Files.deleteIfExists(path);
    }

    /** The entries of a directory; with {@code fix}, one its owner cannot read or write is made {@code u+rwx} first. */
    static List<Path> list(Path dir, boolean fix) throws IOException {
        int mode = fix ? (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS) : 0700;
        if ((mode & 0700) != 0700) {
            try {
                Files.setAttribute(dir, "unix:mode", (mode & 07777) | 0700, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException ignored) {
                // not ours: listing will say what is wrong
            }
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) out.add(p);
        } catch (AccessDeniedException e) {
            throw new ContainerException("permission denied: " + dir);
        }
        return out;
    }

    /** This process's real user and group IDs, from {@code /proc/self/status} (else the owner of a new directory). */
    static long[] whoAmI(Path probe) throws IOException {
        try {
            long uid = -1, gid = -1;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) uid = Long.parseLong(line.split("\\s+")[2]);
                if (line.startsWith("Gid:")) gid = Long.parseLong(line.split("\\s+")[2]);
            }
            if (uid >= 0 && gid >= 0) return new long[]{uid, gid};
        } catch (IOException | RuntimeException ignored) {
            // not Linux: ask the file system
        }
        return new long[]{((Number) Files.getAttribute(probe, "unix:uid")).longValue(),
                ((Number) Files.getAttribute(probe, "unix:gid")).longValue()};
    }
}
