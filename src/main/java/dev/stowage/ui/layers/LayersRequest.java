package dev.stowage.ui.layers;

import javafx.concurrent.Task;

import java.util.function.Supplier;

/** The layers to show: an image's ID (the same ID shows the same layers) and how to read them, as a task not yet started. */
public record LayersRequest(String imageId, Supplier<Task<LayerAnalysis>> read) {
}
