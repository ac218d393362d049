package dev.stowage.ui.layers;

import dev.stowage.layer.ImageLayers;
import dev.stowage.layer.LayerDiff;
import dev.stowage.ui.Formats;
import dev.stowage.ui.Messages;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The layer stack drawn as it is built: the base layer at the bottom, each layer a bar as long as its size
 * relative to the largest, with the step that made it, its size and its change counts.
 */
final class LayerStackView {
    private final ListView<ImageLayers.Layer> list = new ListView<>();
    private final Messages messages;
    private final Formats formats;
    private long largest = 1;

    LayerStackView(LayersViewModel vm, Messages messages, Formats formats) {
        this.messages = messages;
        this.formats = formats;
        list.setId("layerStack");
        list.setPlaceholder(placeholder(vm, messages, "layers.none"));
        list.setCellFactory(l -> new LayerCell());
        vm.analysisProperty().addListener((o, was, now) -> {
            List<ImageLayers.Layer> layers = now == null ? List.of() : new ArrayList<>(now.layers().layers());
            largest = Math.max(1, layers.stream().mapToLong(ImageLayers.Layer::uncompressedSize).max().orElse(1));
            Collections.reverse(layers); // top of the stack first, base last
            list.getItems().setAll(layers);
            if (!layers.isEmpty()) list.scrollTo(layers.size() - 1);
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) vm.selectedLayerProperty().set(now);
        });
        vm.selectedLayerProperty().addListener((o, was, now) -> {
            if (now != null && list.getSelectionModel().getSelectedItem() != now) list.getSelectionModel().select(now);
        });
    }

    /**
     * "Reading layers…" until the analysis is in (or failed: the error shows above), then {@code emptyKey}'s text:
     * an empty list means "none" only once the layers have been read.
     */
    static Label placeholder(LayersViewModel vm, Messages messages, String emptyKey) {
        Label label = new Label();
        label.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> vm.analysisProperty().get() != null ? messages.get(emptyKey)
                        : vm.errorProperty().get() != null || vm.imageProperty().get() == null ? "" : messages.get("layers.reading"),
                vm.analysisProperty(), vm.errorProperty(), vm.imageProperty()));
        return label;
    }

    ListView<ImageLayers.Layer> node() {
        return list;
    }

    private final class LayerCell extends ListCell<ImageLayers.Layer> {
        private final Label title = new Label();
        private final Label size = new Label();
        private final Label counts = new Label();
        private final Region bar = new Region();
        private final javafx.beans.property.DoubleProperty fraction = new javafx.beans.property.SimpleDoubleProperty();
        private final VBox box;

        LayerCell() {
            bar.getStyleClass().add("layer-bar");
            bar.setMinHeight(10);
            bar.setPrefHeight(10);
            bar.setMaxWidth(Region.USE_PREF_SIZE);
            javafx.scene.layout.StackPane track = new javafx.scene.layout.StackPane(bar);
            track.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            track.setMinWidth(0);
            bar.prefWidthProperty().bind(track.widthProperty().multiply(fraction));
            title.getStyleClass().add("layer-title");
            title.setMinWidth(0);
            counts.getStyleClass().add("layer-counts");
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            HBox numbers = new HBox(8, size, spacer, counts);
            box = new VBox(3, title, track, numbers);
            box.setPadding(new Insets(2, 0, 2, 0));
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(ImageLayers.Layer layer, boolean empty) {
            super.updateItem(layer, empty);
            if (empty || layer == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            String by = layer.createdBy().replace('\n', ' ').trim();
            title.setText(messages.format("layers.title", layer.index(), by.isEmpty() ? messages.get("layers.unknownStep") : by));
            fraction.set(Math.max(0.005, (double) layer.uncompressedSize() / largest));
            size.setText(formats.size(layer.uncompressedSize()));
            LayerDiff.Summary s = layer.summary();
            counts.setText(messages.format("layers.counts", s.added(), s.modified(), s.removed()));
            setTooltip(new Tooltip(messages.format("layers.tooltip", layer.index(), by, formats.size(layer.uncompressedSize()),
                    formats.size(layer.blob().size()), s.added(), formats.size(s.addedBytes()), s.modified(),
                    formats.size(s.modifiedBytes()), s.removed(), formats.size(s.removedBytes()), layer.blob().digest())));
            setGraphic(box);
        }
    }
}
