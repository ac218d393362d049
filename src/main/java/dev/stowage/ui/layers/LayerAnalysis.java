package dev.stowage.ui.layers;

import dev.stowage.layer.Efficiency;
import dev.stowage.layer.ImageLayers;

/** An image's layers as read from the store, with its efficiency figures. */
public record LayerAnalysis(ImageLayers layers, Efficiency.Result efficiency) {
}
