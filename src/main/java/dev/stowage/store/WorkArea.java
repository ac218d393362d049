package dev.stowage.store;

import dev.stowage.util.FileOps;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A directory one command works in (a staging area, a container being made), owned by this process while it is
 * open: the file {@code NAME.lock} beside it is held locked. Closing it removes both; so does a shutdown hook when
 * the JVM is stopped first (Ctrl-C, SIGTERM). After a crash (SIGKILL, power loss) the operating system drops the
 * lock, and {@link #removeAbandoned} (garbage collection) removes the area at once.
 */
public final class WorkArea implements Closeable {
    public static final String LOCK_SUFFIX = ".lock";
    private static final Set<WorkArea> OPEN = ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(WorkArea::abandon), "stowage-work-area-cleanup"));
        } catch (IllegalStateException shuttingDown) {
            // first used while the JVM is already stopping: garbage collection removes what is left
        }
    }

    private final Path dir;
    private final Path lockFile;
    private final FileChannel channel;

    private WorkArea(Path dir, Path lockFile, FileChannel channel) {
        this.dir = dir;
        this.lockFile = lockFile;
        this.channel = channel;
    }

    /** A new area {@code parent/PREFIX<random>}. */
    public static WorkArea createTemp(Path parent, String prefix) throws IOException {
        while (true) {
            Path lockFile = Files.createTempFile(parent, prefix, LOCK_SUFFIX);
            WorkArea area = own(lockFile);
            if (area != null) return area;
        }
    }

    /** A new area {@code parent/name}, which must not exist yet. */
    public static WorkArea create(Path parent, String name) throws IOException {
        Path lockFile = parent.resolve(name + LOCK_SUFFIX);
        WorkArea area = own(Files.createFile(lockFile));
        if (area == null) throw new IOException("work area " + parent.resolve(name) + " was taken away as it was made");
        return area;
    }

    /** Locks a lock file just made and makes its directory; null when a garbage collection removed the file first. */
    private static WorkArea own(Path lockFile) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
        try {
            channel.lock();
            if (!Files.exists(lockFile)) {
                channel.close();
                return null;
            }
            String name = lockFile.getFileName().toString();
            Path dir = lockFile.resolveSibling(name.substring(0, name.length() - LOCK_SUFFIX.length()));
            Files.createDirectory(dir);
            WorkArea area = new WorkArea(dir, lockFile, channel);
            OPEN.add(area);
            return area;
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(lockFile);
            throw e;
        }
    }

    public Path directory() {
        return dir;
    }

    /** Removes the directory (if it was not moved away) and lets go of it. */
    @Override
    public void close() throws IOException {
        try {
            FileOps.deleteRecursively(dir);
            Files.deleteIfExists(lockFile);
        } finally {
            OPEN.remove(this);
            channel.close();
        }
    }

    /** On the way out of a stopped JVM: the owner may still be writing into the directory, so try a few times. */
    private void abandon() {
        for (int attempt = 0; attempt < 5 && Files.exists(dir); attempt++) {
            try {
                FileOps.deleteRecursively(dir);
            } catch (IOException | RuntimeException e) {
                // a file made while deleting: go round again
            }
        }
        try {
            Files.deleteIfExists(lockFile);
            channel.close();
        } catch (IOException ignored) {
            // the process is ending
        }
    }

    /**
     * Removes the areas in {@code parent} no live process owns (their lock can be taken), and lock files left
     * alone. Returns the bytes freed.
     */
    static long removeAbandoned(Path parent) throws IOException {
        if (!Files.isDirectory(parent)) return 0;
        long freed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, "*" + LOCK_SUFFIX)) {
            for (Path lockFile : entries) {
                // never opened when this JVM owns it: closing any channel of a file drops the process's locks on it
                if (!Files.isRegularFile(lockFile) || ownedHere(lockFile)) continue;
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                     FileLock lock = channel.tryLock()) {
                    if (lock == null) continue;
                    String name = lockFile.getFileName().toString();
                    Path dir = lockFile.resolveSibling(name.substring(0, name.length() - LOCK_SUFFIX.length()));
                    freed += sizeOf(dir);
                    FileOps.deleteRecursively(dir);
                    Files.deleteIfExists(lockFile);
                } catch (OverlappingFileLockException | NoSuchFileException e) {
                    // owned by this JVM, or closed by its owner meanwhile
                } catch (AccessDeniedException e) {
                    // a file this user may not delete: the rest is still collected
                }
            }
        }
        return freed;
    }

    private static boolean ownedHere(Path lockFile) {
        return OPEN.stream().anyMatch(a -> a.lockFile.equals(lockFile));
    }

    /** Whether {@code dir} is a work area of this kind (has a lock file), owned or not. */
    static boolean isWorkArea(Path dir) {
        return Files.exists(dir.resolveSibling(dir.getFileName() + LOCK_SUFFIX));
    }

    private static long sizeOf(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }
}
