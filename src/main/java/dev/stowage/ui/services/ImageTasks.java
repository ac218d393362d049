package dev.stowage.ui.services;

import dev.stowage.archive.ArchiveFormat;
import dev.stowage.archive.ArchiveSaver;
import dev.stowage.archive.ArchiveWriter;
import dev.stowage.container.Committer;
import dev.stowage.container.Container;
import dev.stowage.container.Containers;
import dev.stowage.container.run.ContainerRunner;
import dev.stowage.image.Compression;
import dev.stowage.image.Reference;
import dev.stowage.store.ImageResolver;
import dev.stowage.store.LocalImage;
import dev.stowage.store.RemovalPlan;
import dev.stowage.store.Store;
import dev.stowage.ui.Messages;
import javafx.concurrent.Task;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The image operations of the dialogs as {@link Task}s, doing their work with the store, archive and container
 * classes. Run them on the store's worker ({@code StoreService.submit}) so that store operations keep their order.
 */
public final class ImageTasks {
    private final Store store;
    private final Messages messages;

    public ImageTasks(Store store, Messages messages) {
        this.store = store;
        this.messages = messages;
    }

    /** {@code docker tag SOURCE TARGET}: SOURCE is what the image row removes/resolves by (a name or an ID). */
    public Task<Reference> tag(String source, Reference target) {
        return new Task<>() {
            {
                updateTitle(messages.format("task.tag", target.familiarString()));
            }

            @Override
            protected Reference call() throws IOException {
                store.modifyIndex(index -> {
                    LocalImage image = ImageResolver.of(store).resolve(source);
                    index.tag(target, image.target());
                    return null;
                });
                return target;
            }
        };
    }

    /** What removing these targets would untag, delete and free. */
    public Task<RemovalPlan> removalPlan(List<String> targets) {
        List<String> copy = List.copyOf(targets);
        return new Task<>() {
            {
                updateTitle(messages.get("task.plan"));
            }

            @Override
            protected RemovalPlan call() throws IOException {
                return RemovalPlan.of(store, copy);
            }
        };
    }

    /** {@code docker save} of the targets to {@code file}, with progress over the bytes of the blobs. */
    public Task<Path> export(List<String> targets, ArchiveFormat format, Compression compression, Path file) {
        List<String> copy = List.copyOf(targets);
        return new CancellableTask<>() {
            {
                updateTitle(messages.format("task.export", file.getFileName()));
            }

            @Override
            protected Path call() throws IOException {
                ArchiveSaver saver = new ArchiveSaver(store);
                List<ArchiveWriter.Item> items = saver.items(copy);
                long total = Math.max(1, saver.blobBytes(items));
                saver.save(items, format, compression, file, bytes -> updateProgress(Math.min(bytes, total), total),
                        cancellation());
                updateProgress(total, total);
                return file;
            }
        };
    }

    /** The working containers, newest first. */
    public Task<List<Container>> containers() {
        return new Task<>() {
            {
                updateTitle(messages.get("task.containers"));
            }

            @Override
            protected List<Container> call() throws IOException {
                return new Containers(store).list();
            }
        };
    }

    /** {@code docker create}: a working container of the image {@code source} (a name or ID), named at random. */
    public Task<Container> createContainer(String source) {
        return new Task<>() {
            {
                updateTitle(messages.format("task.create", source));
            }

            @Override
            protected Container call() throws IOException {
                return new Containers(store).create(source, null);
            }
        };
    }

    /**
     * {@code docker commit}: the container's image plus a layer of its changes, with the request's config changes;
     * with {@code pause} (commit -p) a running container is frozen while the layer is written.
     */
    public Task<Committer.Result> commit(Container container, Committer.Request request, boolean pause) {
        return new Task<>() {
            {
                updateTitle(messages.format("task.commit", container.name()));
            }

            @Override
            protected Committer.Result call() throws IOException {
                Committer committer = new Committer(store);
                if (!pause) return committer.commit(container, request);
                return new ContainerRunner(store, System.getenv(), null).whilePaused(container, () -> committer.commit(container, request));
            }
        };
    }
}
