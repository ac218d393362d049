package dev.stowage.ui.layers;

import dev.stowage.layer.Efficiency;
import dev.stowage.ui.Formats;
import dev.stowage.ui.Messages;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The image's efficiency as dive scores it, its wasted and reclaimable bytes, and the wasteful paths with
 * the layers that wrote each (the first wrote it, the later ones duplicated or removed it). Double-clicking
 * a path selects the last layer that touched it.
 */
final class EfficiencyView {
    private final VBox box;
    private final FlowPane figures;
    private final Label score = new Label();
    private final Label wasted = new Label();
    private final Label reclaimable = new Label();
    private final TableView<Efficiency.WastedPath> table = new TableView<>();

    EfficiencyView(LayersViewModel vm, Messages messages, Formats formats) {
        score.setId("efficiencyScore");
        wasted.setId("wastedBytes");
        reclaimable.setId("reclaimableBytes");
        for (Label l : List.of(score, wasted, reclaimable)) l.getStyleClass().add("efficiency-figure");
        Label title = new Label(messages.get("efficiency.title"));
        title.getStyleClass().add("detail-key");
        figures = new FlowPane(16, 4, title, score, wasted, reclaimable);
        table.setId("wastefulFiles");
        dev.stowage.ui.TableHeaders.keepReadable(table);
        table.setPlaceholder(LayerStackView.placeholder(vm, messages, "efficiency.noWaste"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<Efficiency.WastedPath, String> path = new TableColumn<>(messages.get("efficiency.path"));
        path.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>("/" + c.getValue().path()));
        path.setPrefWidth(180);
        TableColumn<Efficiency.WastedPath, Integer> count = new TableColumn<>(messages.get("efficiency.count"));
        count.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().layers().size()));
        count.setPrefWidth(60);
        count.setMinWidth(50);
        TableColumn<Efficiency.WastedPath, Long> total = sizeColumn(messages.get("efficiency.total"), formats);
        total.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().cumulativeSize()));
        TableColumn<Efficiency.WastedPath, Long> saving = sizeColumn(messages.get("efficiency.reclaimable"), formats);
        saving.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().reclaimable()));
        TableColumn<Efficiency.WastedPath, String> layers = new TableColumn<>(messages.get("efficiency.layers"));
        layers.setMinWidth(60);
        layers.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(
                c.getValue().layers().stream().map(String::valueOf).collect(Collectors.joining(", "))));
        table.getColumns().addAll(List.of(path, count, total, saving, layers));
        table.setRowFactory(t -> {
            var row = new javafx.scene.control.TableRow<Efficiency.WastedPath>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && row.getItem() != null && vm.analysisProperty().get() != null) {
                    List<Integer> touched = row.getItem().layers();
                    vm.selectedLayerProperty().set(vm.analysisProperty().get().layers().layers().get(touched.get(touched.size() - 1)));
                }
            });
            return row;
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        Label files = new Label(messages.get("efficiency.files"));
        files.getStyleClass().add("detail-key");
        box = new VBox(4, files, table);
        box.setPadding(new Insets(4, 0, 0, 0));
        vm.analysisProperty().addListener((o, was, now) -> {
            if (now == null) {
                score.setText("");
                wasted.setText("");
                reclaimable.setText("");
                table.getItems().clear();
                return;
            }
            Efficiency.Result r = now.efficiency();
            score.setText(messages.format("efficiency.score", r.scorePercent()));
            wasted.setText(messages.format("efficiency.wasted", formats.size(r.wastedBytes()),
                    Math.round(r.wastedUserPercent() * 1000) / 10.0));
            reclaimable.setText(messages.format("efficiency.reclaimableBytes", formats.size(r.reclaimableBytes())));
            table.getItems().setAll(r.inefficient());
        });
    }

    private static TableColumn<Efficiency.WastedPath, Long> sizeColumn(String title, Formats formats) {
        TableColumn<Efficiency.WastedPath, Long> c = new TableColumn<>(title);
        c.setPrefWidth(80);
        c.setMinWidth(60);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Long item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : formats.size(item));
            }
        });
        return c;
    }

    /** The wasteful files. */
    VBox node() {
        return box;
    }

    /** Score, wasted and reclaimable bytes, in one line. */
    FlowPane figures() {
        return figures;
    }
}
