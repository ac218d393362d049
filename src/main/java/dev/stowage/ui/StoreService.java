package dev.stowage.ui;

import dev.stowage.archive.ArchiveLoader;
import dev.stowage.archive.LoadedImage;
import dev.stowage.progress.Cancellation;
import dev.stowage.store.ImageRemoval;
import dev.stowage.store.LocalImage;
import dev.stowage.store.Store;
import dev.stowage.ui.services.CancellableTask;
import dev.stowage.util.ObservingInputStream;
import javafx.concurrent.Task;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Every store and file operation the UI needs, each as a {@link Task} run on one background thread (so the
 * operations on the store happen in the order asked). The work itself is done by the store and archive classes.
 */
public final class StoreService implements AutoCloseable {
    private final Store store;
    private final Messages messages;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stowage-store-worker");
        t.setDaemon(true);
        return t;
    });

    public StoreService(Store store, Messages messages) {
        this.store = store;
        this.messages = messages;
    }

    public Store store() {
        return store;
    }

    /** Starts the task on the worker thread and returns it. */
    public <T> Task<T> submit(Task<T> task) {
        executor.execute(task);
        return task;
    }

    public Task<List<LocalImage>> listImages() {
        return new Task<>() {
            {
                updateTitle(messages.get("task.list"));
            }

            @Override
            protected List<LocalImage> call() throws IOException {
                return store.images();
            }
        };
    }

    public Task<List<LoadedImage>> importArchive(Path file) {
        return new CancellableTask<>() {
            {
                updateTitle(messages.format("task.import", file.getFileName()));
            }

            @Override
            protected List<LoadedImage> call() throws IOException {
                long total = Files.size(file);
                try (InputStream raw = Files.newInputStream(file);
                     InputStream in = new BufferedInputStream(
                             new ProgressStream(raw, cancellation(), read -> updateProgress(read, total)), 1 << 20)) {
                    return new ArchiveLoader(store).load(in);
                }
            }
        };
    }

    public Task<Integer> remove(List<String> targets) {
        List<String> copy = List.copyOf(targets);
        return new Task<>() {
            {
                updateTitle(messages.format("task.remove", copy.size()));
            }

            @Override
            protected Integer call() throws IOException {
                ImageRemoval removal = new ImageRemoval(store);
                List<String> done = new ArrayList<>();
                for (String target : copy) {
                    if (isCancelled()) break;
                    removal.remove(target, false);
                    done.add(target);
                    updateProgress(done.size(), copy.size());
                }
                return done.size();
            }
        };
    }

    /** What pruning the dangling images would free, worked out without changing the store. */
    public Task<dev.stowage.store.RemovalPlan> prunePlan() {
        return new Task<>() {
            {
                updateTitle(messages.get("task.prunePlan"));
            }

            @Override
            protected dev.stowage.store.RemovalPlan call() throws IOException {
                List<String> dangling = store.images().stream().filter(dev.stowage.store.LocalImage::dangling)
                        .map(i -> i.id().toString()).toList();
                return dev.stowage.store.RemovalPlan.of(store, dangling);
            }
        };
    }

    /** Deletes the dangling images and the blobs only they used ({@code docker image prune}). */
    public Task<ImageRemoval.Outcome> pruneDangling() {
        return new Task<>() {
            {
                updateTitle(messages.get("task.prune"));
            }

            @Override
            protected ImageRemoval.Outcome call() throws IOException {
                return new ImageRemoval(store).pruneDangling();
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** Counts bytes for progress and stops reading once the task is cancelled. */
    private static final class ProgressStream extends ObservingInputStream {
        interface Progress {
            void read(long bytes);
        }

        private final Cancellation cancellation;
        private final Progress progress;
        private long count;

        ProgressStream(InputStream in, Cancellation cancellation, Progress progress) {
            super(in);
            this.cancellation = cancellation;
            this.progress = progress;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            cancellation.check();
            return super.read(b, off, len);
        }

        @Override
        protected void observe(byte[] b, int off, int len) {
            progress.read(count += len);
        }
    }
}
