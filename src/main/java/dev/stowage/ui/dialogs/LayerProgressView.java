package dev.stowage.ui.dialogs;

import dev.stowage.progress.LayerState;
import dev.stowage.ui.Messages;
import dev.stowage.util.Human;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;

/** The rows of a {@link LayerProgressModel} as docker prints them (ID, state), with a bar per layer and overall bytes. */
final class LayerProgressView {
    private final VBox node;
    private final ProgressBar overall = new ProgressBar(0);
    private final Label bytes = new Label();

    LayerProgressView(Messages messages, LayerProgressModel model, String idPrefix) {
        TableView<LayerProgressModel.Row> table = new TableView<>(model.rows());
        table.setId(idPrefix + "Layers");
        dev.stowage.ui.TableHeaders.keepReadable(table);
        table.setPrefHeight(200);
        table.setPlaceholder(new Label(messages.get("progress.none")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<LayerProgressModel.Row, String> id = new TableColumn<>(messages.get("progress.layer"));
        id.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().id()));
        id.setPrefWidth(125);
        // the digests in monospace, not the header: that font has no Chinese for "层"
        id.setCellFactory(c -> {
            TableCell<LayerProgressModel.Row, String> cell = new TableCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty ? null : item);
                }
            };
            cell.getStyleClass().add("monospace");
            return cell;
        });
        TableColumn<LayerProgressModel.Row, String> state = new TableColumn<>(messages.get("progress.state"));
        state.setCellValueFactory(c -> Bindings.createStringBinding(() -> stateText(messages, c.getValue()),
                c.getValue().stateProperty(), c.getValue().detailProperty()));
        state.setPrefWidth(210);
        TableColumn<LayerProgressModel.Row, Number> bar = new TableColumn<>(messages.get("progress.progress"));
        bar.setCellValueFactory(c -> Bindings.createDoubleBinding(c.getValue()::fraction,
                c.getValue().stateProperty(), c.getValue().currentProperty(), c.getValue().totalProperty()));
        bar.setCellFactory(c -> new TableCell<>() {
            private final ProgressBar p = new ProgressBar();

            {
                p.setMaxWidth(Double.MAX_VALUE);
            }

            @Override
            protected void updateItem(Number item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                } else {
                    p.setProgress(item.doubleValue() < 0 ? 0 : item.doubleValue());
                    setGraphic(p);
                }
            }
        });
        bar.setPrefWidth(160);
        TableColumn<LayerProgressModel.Row, String> size = new TableColumn<>(messages.get("progress.bytes"));
        size.setCellValueFactory(c -> Bindings.createStringBinding(() -> bytesText(messages, c.getValue().currentProperty().get(),
                c.getValue().totalProperty().get()), c.getValue().currentProperty(), c.getValue().totalProperty()));
        size.setPrefWidth(170);
        table.getColumns().addAll(List.of(id, state, bar, size));

        overall.setId(idPrefix + "Progress");
        overall.setMaxWidth(Double.MAX_VALUE);
        overall.progressProperty().bind(model.overallProperty());
        bytes.setId(idPrefix + "Bytes");
        bytes.textProperty().bind(Bindings.createStringBinding(() -> bytesText(messages, model.bytesDoneProperty().get(),
                model.bytesTotalProperty().get()), model.bytesDoneProperty(), model.bytesTotalProperty()));
        Region gap = new Region();
        HBox.setHgrow(overall, Priority.ALWAYS);
        HBox summary = new HBox(8, overall, bytes);
        summary.setFillHeight(false);
        node = new VBox(8, table, summary);
        VBox.setVgrow(table, Priority.ALWAYS);
    }

    static String stateText(Messages messages, LayerProgressModel.Row row) {
        LayerState s = row.stateProperty().get();
        if (s == null) return "";
        String detail = row.detailProperty().get() == null ? "" : row.detailProperty().get();
        if (s == LayerState.FAILED && !detail.isEmpty()) return messages.format("layer.state.FAILED.why", detail);
        return messages.format("layer.state." + s.name(), detail);
    }

    static String bytesText(Messages messages, long done, long total) {
        if (total <= 0) return "";
        return messages.format("progress.of", Human.size(Math.max(0, done)), Human.size(total));
    }

    VBox node() {
        return node;
    }
}
