package dev.stowage.ui.layers;

import dev.stowage.error.ErrorText;
import dev.stowage.layer.ChangeKind;
import dev.stowage.layer.ImageLayers;
import dev.stowage.store.LocalImage;
import dev.stowage.ui.Messages;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Task;

import java.util.EnumMap;
import java.util.Map;

/**
 * State of the Layers tab: the image's layers and efficiency (read on a background task), the selected
 * layer, the tree mode (this layer's changes, or everything merged up to it), which change kinds are shown,
 * and the tree to show. Call on the FX thread.
 */
public final class LayersViewModel {
    private final LayersService service;
    private final Messages messages;
    private final ReadOnlyObjectWrapper<String> image = new ReadOnlyObjectWrapper<>(this, "image");
    private final ReadOnlyObjectWrapper<LayerAnalysis> analysis = new ReadOnlyObjectWrapper<>(this, "analysis");
    private final ObjectProperty<ImageLayers.Layer> selectedLayer = new SimpleObjectProperty<>(this, "selectedLayer");
    private final BooleanProperty merged = new SimpleBooleanProperty(this, "merged", false);
    private final Map<ChangeKind, BooleanProperty> shown = new EnumMap<>(ChangeKind.class);
    private final ReadOnlyObjectWrapper<FileNode> tree = new ReadOnlyObjectWrapper<>(this, "tree");
    private final ReadOnlyObjectWrapper<Task<?>> loading = new ReadOnlyObjectWrapper<>(this, "loading");
    private final StringProperty error = new SimpleStringProperty(this, "error");
    private Task<LayerAnalysis> analysisTask;
    private Task<FileNode> treeTask;
    private long treeRequested;
    private long lastTreeNanos;

    public LayersViewModel(LayersService service, Messages messages) {
        this.service = service;
        this.messages = messages;
        for (ChangeKind k : ChangeKind.values()) shown.put(k, new SimpleBooleanProperty(this, "show" + k, true));
        selectedLayer.addListener((o, was, now) -> buildTree());
        merged.addListener((o, was, now) -> buildTree());
    }

    /** Reads the image's layers unless they are the ones shown already; null clears. */
    public void load(LocalImage newImage) {
        load(newImage == null ? null : request(newImage));
    }

    /** Reading the layers of a store image. */
    public LayersRequest request(LocalImage image) {
        return new LayersRequest(image.id().toString(), () -> service.analyze(image));
    }

    /** Reads the requested layers unless they are the ones shown already; null clears. */
    public void load(LayersRequest newImage) {
        if (newImage != null && newImage.imageId().equals(image.get()) && analysisTask == null
                && analysis.get() != null) {
            return;
        }
        cancel();
        image.set(newImage == null ? null : newImage.imageId());
        analysis.set(null);
        selectedLayer.set(null);
        tree.set(null);
        error.set(null);
        if (newImage == null) return;
        Task<LayerAnalysis> task = newImage.read().get();
        analysisTask = task;
        task.setOnSucceeded(e -> {
            if (analysisTask != task) return;
            analysisTask = null;
            loading.set(null);
            analysis.set(task.getValue());
            var layers = task.getValue().layers().layers();
            if (!layers.isEmpty()) selectedLayer.set(layers.get(layers.size() - 1));
        });
        task.setOnFailed(e -> {
            if (analysisTask != task) return;
            analysisTask = null;
            loading.set(null);
            error.set(messages.format("error.layers", ErrorText.oneLine(task.getException())));
        });
        task.setOnCancelled(e -> {
            if (analysisTask == task) analysisTask = null;
            if (loading.get() == task) loading.set(null);
        });
        loading.set(task);
        service.submit(task);
    }

    /** Stops reading layers or building a tree. */
    public void cancel() {
        if (analysisTask != null) analysisTask.cancel();
        if (treeTask != null) treeTask.cancel();
        analysisTask = null;
        treeTask = null;
        loading.set(null);
    }

    private void buildTree() {
        if (treeTask != null) treeTask.cancel();
        treeTask = null;
        LayerAnalysis a = analysis.get();
        ImageLayers.Layer layer = selectedLayer.get();
        if (a == null || layer == null) {
            tree.set(null);
            return;
        }
        treeRequested = System.nanoTime();
        Task<FileNode> task = service.tree(a.layers(), layer.index(), merged.get());
        treeTask = task;
        task.setOnSucceeded(e -> {
            if (treeTask != task) return;
            treeTask = null;
            if (loading.get() == task) loading.set(null);
            lastTreeNanos = System.nanoTime() - treeRequested;
            tree.set(task.getValue());
        });
        task.setOnFailed(e -> {
            if (treeTask != task) return;
            treeTask = null;
            if (loading.get() == task) loading.set(null);
            error.set(messages.format("error.layers", ErrorText.oneLine(task.getException())));
        });
        loading.set(task);
        service.submit(task);
    }

    /** Bit mask of the kinds shown (see {@link FileNode#bit}). */
    public int mask() {
        int m = 0;
        for (Map.Entry<ChangeKind, BooleanProperty> e : shown.entrySet()) if (e.getValue().get()) m |= FileNode.bit(e.getKey());
        return m;
    }

    /** The ID of the image whose layers are shown. */
    public ReadOnlyObjectProperty<String> imageProperty() {
        return image.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LayerAnalysis> analysisProperty() {
        return analysis.getReadOnlyProperty();
    }

    public ObjectProperty<ImageLayers.Layer> selectedLayerProperty() {
        return selectedLayer;
    }

    public BooleanProperty mergedProperty() {
        return merged;
    }

    public BooleanProperty shownProperty(ChangeKind kind) {
        return shown.get(kind);
    }

    public ReadOnlyObjectProperty<FileNode> treeProperty() {
        return tree.getReadOnlyProperty();
    }

    /** The task running now (reading layers or building a tree), null when idle. */
    public ReadOnlyObjectProperty<Task<?>> loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public StringProperty errorProperty() {
        return error;
    }

    /** How long the last tree took to build, from the request to the result on the FX thread. */
    public long lastTreeNanos() {
        return lastTreeNanos;
    }
}
