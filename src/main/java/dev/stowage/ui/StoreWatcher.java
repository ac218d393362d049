package dev.stowage.ui;

import dev.stowage.container.Containers;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

/**
 * Notices when another process (the CLI) changes the store: {@code index.json} (images, tags) in the store's
 * root, and the {@code containers/} folder. Watches on a daemon thread of its own and calls {@code onChange}
 * (from that thread) once things have been quiet for the debounce delay, so a burst of changes makes one
 * reload. The reload itself goes through the existing services.
 */
public final class StoreWatcher implements AutoCloseable {
    public static final long DEBOUNCE_MILLIS = 250;

    private final Path root;
    private final Runnable onChange;
    private final WatchService watcher;
    private final Thread thread;
    private volatile boolean closed;

    public StoreWatcher(Path storeRoot, Runnable onChange) throws IOException {
        this.root = storeRoot;
        this.onChange = onChange;
        this.watcher = storeRoot.getFileSystem().newWatchService();
        storeRoot.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        watchContainers();
        thread = new Thread(this::loop, "stowage-store-watcher");
        thread.setDaemon(true);
    }

    /** Starts watching; returns this. */
    public StoreWatcher start() {
        thread.start();
        return this;
    }

    private boolean containersWatched;

    private void watchContainers() throws IOException {
        Path dir = root.resolve(Containers.DIRECTORY);
        if (!containersWatched && Files.isDirectory(dir)) {
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
            containersWatched = true;
        }
    }

    private void loop() {
        try {
            while (!closed) {
                WatchKey key = watcher.take();
                boolean relevant = drain(key);
                // debounce: keep collecting until nothing happens for a while
                WatchKey next;
                while ((next = watcher.poll(DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS)) != null) relevant |= drain(next);
                if (relevant && !closed) {
                    watchContainers();
                    onChange.run();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        } catch (IOException | RuntimeException e) {
            if (!closed) System.err.println("Warning: the store is no longer watched for changes: " + e.getMessage());
        }
    }

    /** Whether the key's events concern the index or the containers (not blobs, caches, locks or temporary files). */
    private boolean drain(WatchKey key) {
        boolean relevant = false;
        Path dir = (Path) key.watchable();
        for (var event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                relevant = true;
                continue;
            }
            String name = String.valueOf(event.context());
            if (dir.equals(root)) {
                relevant |= name.equals("index.json") || name.equals(Containers.DIRECTORY);
            } else {
                relevant |= !name.startsWith(".creating-") && !name.startsWith(".removing-");
            }
        }
        key.reset();
        return relevant;
    }

    @Override
    public void close() {
        closed = true;
        try {
            watcher.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        thread.interrupt();
    }
}
