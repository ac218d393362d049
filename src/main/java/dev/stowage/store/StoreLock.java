package dev.stowage.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The store's lock, exclusive for writers and shared for readers: file locks on the {@code .lock} file for other
 * processes, plus an in-process read-write lock, because a JVM cannot hold overlapping file locks of its own.
 * <p>
 * Two bytes of the file are locked. Byte 1 is the lock proper: shared by readers, exclusive for a writer. Byte 0
 * is a turnstile a writer holds while it waits for byte 1 and that a reader passes through before taking byte 1,
 * so a stream of overlapping readers cannot keep a writer out for ever (POSIX locks have no queue). Within one
 * JVM, the first reader takes the shared file lock for all its readers and the last one lets it go.
 */
final class StoreLock {
    private static final long TURNSTILE = 0;
    private static final long LOCK = 1;
    private static final ConcurrentHashMap<Path, InProcess> IN_PROCESS = new ConcurrentHashMap<>();

    interface Action<T> {
        T run() throws IOException;
    }

    /** The lock's state in this JVM: who holds it, and the shared file lock its readers hold together. */
    private static final class InProcess {
        final ReentrantReadWriteLock threads = new ReentrantReadWriteLock(true);
        private int readers;
        private FileChannel readChannel;

        synchronized void enterShared(Path lockFile) throws IOException {
            if (readers == 0) readChannel = lockShared(lockFile);
            readers++;
        }

        synchronized void leaveShared() throws IOException {
            if (--readers == 0 && readChannel != null) {
                FileChannel channel = readChannel;
                readChannel = null;
                channel.close(); // releases the file lock
            }
        }

        /**
         * The channel holding the shared lock. A store this user may only read (another user's, a read-only
         * file system) is read under a shared lock without the turnstile, or under none if it has no lock file:
         * then nobody can be writing to it.
         */
        private static FileChannel lockShared(Path lockFile) throws IOException {
            FileChannel channel;
            boolean writable = true;
            try {
                channel = open(lockFile);
            } catch (FileSystemException notWritable) {
                try {
                    channel = FileChannel.open(lockFile, StandardOpenOption.READ);
                    writable = false;
                } catch (NoSuchFileException noLockFile) {
                    return null;
                }
            }
            try {
                if (writable) {
                    try (FileLock ignored = channel.lock(TURNSTILE, 1, false)) {
                        channel.lock(LOCK, 1, true);
                    }
                } else {
                    channel.lock(LOCK, 1, true);
                }
                return channel;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
    }

    private final Path lockFile;
    private final InProcess local;

    StoreLock(Path lockFile) {
        this.lockFile = lockFile.toAbsolutePath().normalize();
        this.local = IN_PROCESS.computeIfAbsent(this.lockFile, p -> new InProcess());
    }

    /** Runs {@code action} holding the lock exclusively. A thread that holds it shared cannot take it so. */
    <T> T withLock(Action<T> action) throws IOException {
        ReentrantReadWriteLock threads = local.threads;
        if (threads.getReadHoldCount() > 0 && !threads.isWriteLockedByCurrentThread()) {
            throw new IllegalStateException("a store write was started inside a store read");
        }
        threads.writeLock().lock();
        try {
            if (threads.getWriteHoldCount() > 1) return action.run();
            try (FileChannel channel = open(lockFile);
                 FileLock turnstile = channel.lock(TURNSTILE, 1, false);
                 FileLock lock = channel.lock(LOCK, 1, false)) {
                return action.run();
            }
        } finally {
            threads.writeLock().unlock();
        }
    }

    /** Runs {@code action} holding the lock shared: no writer changes the store meanwhile. */
    <T> T reading(Action<T> action) throws IOException {
        ReentrantReadWriteLock threads = local.threads;
        if (threads.isWriteLockedByCurrentThread() || threads.getReadHoldCount() > 0) return action.run();
        threads.readLock().lock();
        try {
            local.enterShared(lockFile);
            try {
                return action.run();
            } finally {
                local.leaveShared();
            }
        } finally {
            threads.readLock().unlock();
        }
    }

    private static FileChannel open(Path lockFile) throws IOException {
        return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
}
