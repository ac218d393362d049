package dev.stowage.ui.images;

import dev.stowage.archive.ArchiveSaver;
import dev.stowage.archive.ArchiveWriter;
import dev.stowage.archive.LoadedImage;
import dev.stowage.engine.EngineImage;
import dev.stowage.engine.ImageSource;
import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Platform;
import dev.stowage.image.Reference;
import dev.stowage.progress.ProgressListener;
import dev.stowage.ui.services.CancellableTask;
import dev.stowage.ui.services.RegistryTasks;
import dev.stowage.store.Store;
import dev.stowage.ui.ImageRow;
import dev.stowage.ui.Messages;
import dev.stowage.ui.layers.LayersRequest;
import dev.stowage.ui.layers.LayersService;
import javafx.concurrent.Task;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Docker or Podman engine as an {@link ImageLocation}: its {@link ImageSource} called on a worker thread of
 * its own, so that a slow engine never holds up the store. Cancelling a task cancels the engine's calls.
 */
public final class EngineLocation implements ImageLocation, AutoCloseable {
    private final ImageSource source;
    private final String tooltip;
    private final Messages messages;
    private final ExecutorService executor;

    /** @param tooltip what the engine is and where it listens (asked on the discovery thread) */
    public EngineLocation(ImageSource source, String tooltip, Messages messages) {
        this.source = source;
        this.tooltip = tooltip;
        this.messages = messages;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "stowage-engine-" + source.name());
            t.setDaemon(true);
            return t;
        });
    }

    /** Asks the engine what it is (blocking: call off the FX thread). */
    public static EngineLocation describe(ImageSource source, Messages messages) {
        return new EngineLocation(source, messages.format("source.engine.tooltip", source.description(), source.address()), messages);
    }

    public ImageSource source() {
        return source;
    }

    public String tooltip() {
        return tooltip;
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public boolean supports(Operation operation) {
        return false;
    }

    @Override
    public <T> Task<T> submit(Task<T> task) {
        executor.execute(task);
        return task;
    }

    @Override
    public Task<List<ImageRow>> list() {
        return new EngineTask<>(messages.format("task.listEngine", name())) {
            @Override
            protected List<ImageRow> call() throws IOException {
                List<ImageRow> rows = new ArrayList<>();
                for (EngineImage image : source.images()) {
                    boolean named = false;
                    for (String tag : image.repoTags()) {
                        try {
                            rows.add(row(image, Reference.parse(tag)));
                            named = true;
                        } catch (ImageFormatException e) {
                            // a name the engine accepted but docker's grammar does not: the image shows by ID
                        }
                    }
                    if (!named) rows.add(row(image, null));
                }
                return rows;
            }
        };
    }

    private static ImageRow row(EngineImage image, Reference name) {
        String digest = null;
        for (String d : image.repoDigests()) {
            int at = d.indexOf('@');
            if (at > 0 && (name == null || sameRepository(d.substring(0, at), name))) {
                digest = d.substring(at + 1);
                break;
            }
        }
        return new ImageRow(image.id(), name, image.created(), image.size(), digest, null);
    }

    private static boolean sameRepository(String repository, Reference name) {
        try {
            return Reference.parseRepository(repository).repository().equals(name.repository());
        } catch (ImageFormatException e) {
            return false;
        }
    }

    @Override
    public Task<ImageOverview> overview(ImageRow row) {
        return new EngineTask<>(messages.format("task.details", row.shortId())) {
            @Override
            protected ImageOverview call() throws IOException {
                return ImageOverview.of(source.details(row.id()), source.history(row.id()));
            }
        };
    }

    @Override
    public Task<Reference> tag(ImageRow row, Reference target) {
        return new EngineTask<>(messages.format("task.tag", target.familiarString())) {
            @Override
            protected Reference call() throws IOException {
                source.tag(row.removalTarget(), target);
                return target;
            }
        };
    }

    @Override
    public Task<RemovalPreview> removalPreview(List<ImageRow> rows) {
        List<String> names = rows.stream().map(r -> r.dangling() ? r.shortId() : r.name().familiarString()).distinct().toList();
        return new EngineTask<>(messages.get("task.plan")) {
            @Override
            protected RemovalPreview call() {
                return new RemovalPreview(names, List.of(), -1, false);
            }
        };
    }

    @Override
    public Task<Integer> remove(List<ImageRow> rows) {
        List<String> targets = rows.stream().map(ImageRow::removalTarget).distinct().toList();
        return new EngineTask<>(messages.format("task.remove", targets.size())) {
            @Override
            protected Integer call() throws IOException {
                int done = 0;
                for (String target : targets) {
                    if (isCancelled()) break;
                    source.remove(target, false);
                    updateProgress(++done, targets.size());
                }
                return done;
            }
        };
    }

    @Override
    public Task<RegistryTasks.Pushed> push(ImageRow row, Reference target, ProgressListener progress, RegistryTasks registries) {
        return registries.push(source, row.removalTarget(), target, progress);
    }

    @Override
    public Task<RegistryTasks.Pulled> pull(Reference ref, Platform platform, ProgressListener progress, RegistryTasks registries) {
        return registries.pull(source, ref, platform, progress);
    }

    @Override
    public LayersRequest layers(ImageRow row, LayersService layers) {
        return new LayersRequest(row.id(), () -> layers.analyze(source, row.id(), row.shortId(), row.size()));
    }

    @Override
    public boolean canCopyTo(ImageLocation target) {
        return target instanceof StoreLocation;
    }

    @Override
    public Task<Integer> copyTo(ImageLocation target, List<ImageRow> rows) {
        Store store = ((StoreLocation) target).service().store();
        List<String> images = rows.stream().map(ImageRow::removalTarget).distinct().toList();
        long total = Math.max(1, rows.stream().filter(distinctIds()).mapToLong(r -> Math.max(0, r.size())).sum());
        return submit(new EngineTask<>(messages.format("task.copy", images.size(), name(), target.name())) {
            @Override
            protected Integer call() throws IOException {
                List<LoadedImage> loaded = source.copyToStore(images, store, read -> updateProgress(Math.min(read, total), total));
                return loaded.size();
            }
        });
    }

    /** Store → this engine, streamed, on the engine's worker; started. */
    Task<Integer> copyFromStore(Store store, List<ImageRow> rows) {
        List<String> targets = rows.stream().map(ImageRow::removalTarget).distinct().toList();
        return submit(new EngineTask<>(messages.format("task.copy", targets.size(), messages.get("source.local"), name())) {
            @Override
            protected Integer call() throws IOException {
                ArchiveSaver saver = new ArchiveSaver(store);
                List<ArchiveWriter.Item> items = saver.items(targets);
                long total = Math.max(1, saver.blobBytes(items));
                source.copyFromStore(items, store, written -> updateProgress(Math.min(written, total), total));
                return items.size();
            }
        });
    }

    private static java.util.function.Predicate<ImageRow> distinctIds() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return r -> seen.add(r.id());
    }

    @Override
    public void close() {
        source.cancel();
        executor.shutdownNow();
        source.close();
    }

    /** A task on the engine whose cancellation stops the engine's calls in flight. */
    private abstract class EngineTask<T> extends CancellableTask<T> {
        EngineTask(String title) {
            updateTitle(title);
            cancellation().onCancel(source::cancel);
        }
    }
}
