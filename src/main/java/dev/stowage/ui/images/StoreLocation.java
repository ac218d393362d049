package dev.stowage.ui.images;

import dev.stowage.image.Platform;
import dev.stowage.image.Reference;
import dev.stowage.progress.ProgressListener;
import dev.stowage.ui.services.RegistryTasks;
import dev.stowage.store.LocalImage;
import dev.stowage.store.RemovalPlan;
import dev.stowage.ui.ImageRow;
import dev.stowage.ui.Messages;
import dev.stowage.ui.StoreService;
import dev.stowage.ui.layers.LayersRequest;
import dev.stowage.ui.layers.LayersService;
import dev.stowage.ui.services.ImageTasks;
import javafx.concurrent.Task;

import dev.stowage.layer.UncompressedSizes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The embedded store as an {@link ImageLocation}: the store service's and image tasks' work. */
public final class StoreLocation implements ImageLocation {
    private final StoreService service;
    private final ImageTasks tasks;
    private final Messages messages;
    private final UncompressedSizes sizes;

    public StoreLocation(StoreService service, Messages messages) {
        this.service = service;
        this.sizes = new UncompressedSizes(service.store());
        this.tasks = new ImageTasks(service.store(), messages);
        this.messages = messages;
    }

    public StoreService service() {
        return service;
    }

    @Override
    public String name() {
        return messages.get("source.local");
    }

    @Override
    public boolean supports(Operation operation) {
        return true;
    }

    @Override
    public <T> Task<T> submit(Task<T> task) {
        return service.submit(task);
    }

    @Override
    public Task<List<ImageRow>> list() {
        return new Task<>() {
            {
                updateTitle(messages.get("task.list"));
            }

            @Override
            protected List<ImageRow> call() throws IOException {
                List<ImageRow> rows = new ArrayList<>();
                for (LocalImage image : service.store().images()) {
                    long size = sizes.imageIfKnown(image);
                    if (image.names().isEmpty()) rows.add(new ImageRow(image, null, size));
                    image.names().forEach(n -> rows.add(new ImageRow(image, n, size)));
                }
                return rows;
            }
        };
    }

    @Override
    public Task<ImageOverview> overview(ImageRow row) {
        return new Task<>() {
            @Override
            protected ImageOverview call() throws IOException {
                return ImageOverview.of(row.image(), sizes);
            }
        };
    }

    /** Counts the uncompressed sizes (each layer once, remembered) of the rows still without one. */
    @Override
    public Task<Map<String, Long>> sizes(List<ImageRow> rows) {
        List<LocalImage> todo = rows.stream().filter(r -> r.size() < 0 && r.image() != null).map(ImageRow::image)
                .collect(java.util.stream.Collectors.toMap(LocalImage::id, i -> i, (a, b) -> a, java.util.LinkedHashMap::new))
                .values().stream().toList();
        if (todo.isEmpty()) return null;
        return new Task<>() {
            {
                updateTitle(messages.get("task.sizes"));
            }

            @Override
            protected Map<String, Long> call() throws IOException {
                Map<String, Long> out = new HashMap<>();
                int done = 0;
                for (LocalImage image : todo) {
                    if (isCancelled()) break;
                    out.put(image.id().toString(), sizes.image(image));
                    updateProgress(++done, todo.size());
                }
                return out;
            }
        };
    }

    @Override
    public Task<Reference> tag(ImageRow row, Reference target) {
        return tasks.tag(row.removalTarget(), target);
    }

    @Override
    public Task<RemovalPreview> removalPreview(List<ImageRow> rows) {
        List<String> targets = rows.stream().map(ImageRow::removalTarget).distinct().toList();
        return new Task<>() {
            {
                updateTitle(messages.get("task.plan"));
            }

            @Override
            protected RemovalPreview call() throws IOException {
                RemovalPlan p = RemovalPlan.of(service.store(), targets);
                List<String> names = new ArrayList<>(p.untagged().stream().map(Reference::familiarString).toList());
                p.deleted().stream().filter(LocalImage::dangling).forEach(i -> names.add(i.id().shortHex()));
                return new RemovalPreview(names, p.deleted().stream().map(i -> i.id().shortHex()).toList(), p.bytesFreed(), true);
            }
        };
    }

    @Override
    public Task<Integer> remove(List<ImageRow> rows) {
        return service.remove(rows.stream().map(ImageRow::removalTarget).distinct().toList());
    }

    @Override
    public Task<RegistryTasks.Pushed> push(ImageRow row, Reference target, ProgressListener progress, RegistryTasks registries) {
        return registries.push(row.removalTarget(), target, progress);
    }

    @Override
    public Task<RegistryTasks.Pulled> pull(Reference ref, Platform platform, ProgressListener progress, RegistryTasks registries) {
        return registries.pull(ref, platform, progress);
    }

    @Override
    public LayersRequest layers(ImageRow row, LayersService layers) {
        return new LayersRequest(row.id(), () -> layers.analyze(row.image()));
    }

    @Override
    public boolean canCopyTo(ImageLocation target) {
        return target instanceof EngineLocation;
    }

    @Override
    public Task<Integer> copyTo(ImageLocation target, List<ImageRow> rows) {
        return ((EngineLocation) target).copyFromStore(service.store(), rows);
    }
}
