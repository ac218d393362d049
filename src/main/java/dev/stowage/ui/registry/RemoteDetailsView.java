package dev.stowage.ui.registry;

import dev.stowage.ui.DetailFields;

import dev.stowage.image.Descriptor;
import dev.stowage.registry.TagDetails;
import dev.stowage.ui.Formats;
import dev.stowage.ui.Messages;
import dev.stowage.ui.images.ImageOverview;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

import java.util.List;

/** The selected remote tag's Overview (its config's fields), History and Layers, from what was already read. */
final class RemoteDetailsView {
    private static final String[] FIELDS = {"reference", "digest", "platforms", "created", "author", "platform",
            "compressedSize", "cmd", "entrypoint", "env", "workingDir", "exposedPorts", "labels"};

    private final Formats formats;
    private final TabPane tabs = new TabPane();
    private final DetailFields fields;
    private final TableView<ImageOverview.HistoryRow> history = new TableView<>();
    private final TableView<Descriptor> layers = new TableView<>();
    private final Label layersTotal = new Label();

    RemoteDetailsView(Messages messages, Formats formats) {
        this.formats = formats;
        GridPane overview = new GridPane();
        fields = new DetailFields(overview, messages, "browse.detail.", "remote-", FIELDS);
        ScrollPane scroll = new ScrollPane(overview);
        scroll.setFitToWidth(true);
        Tab overviewTab = new Tab(messages.get("details.overview"), scroll);
        overviewTab.setId("remote-tab-overview");

        history.setId("remoteHistory");
        history.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        history.getColumns().addAll(List.of(
                column(messages.get("history.created"), r -> formats.exact(r.created())),
                column(messages.get("history.createdBy"), ImageOverview.HistoryRow::createdBy),
                column(messages.get("browse.compressed"), r -> r.emptyLayer() ? "0 B" : formats.size(r.size())),
                column(messages.get("history.comment"), ImageOverview.HistoryRow::comment)));
        history.setPlaceholder(new Label(messages.get("history.empty")));
        Tab historyTab = new Tab(messages.get("details.history"), history);
        historyTab.setId("remote-tab-history");

        layers.setId("remoteLayers");
        layers.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        layers.getColumns().addAll(List.of(
                column(messages.get("browse.layer.digest"), d -> d.digest().toString()),
                column(messages.get("browse.compressed"), d -> formats.size(d.size())),
                column(messages.get("browse.layer.type"), Descriptor::mediaType)));
        layers.setPlaceholder(new Label(messages.get("browse.layers.none")));
        layersTotal.setId("remoteLayersTotal");
        layersTotal.setPadding(new Insets(4, 8, 4, 8));
        javafx.scene.layout.VBox.setVgrow(layers, Priority.ALWAYS);
        Tab layersTab = new Tab(messages.get("browse.layers"), new javafx.scene.layout.VBox(layers, layersTotal));
        layersTab.setId("remote-tab-layers");

        tabs.getTabs().addAll(overviewTab, historyTab, layersTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        show(null, null);
    }

    private static <S> TableColumn<S, String> column(String title, java.util.function.Function<S, String> text) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(text.apply(v.getValue())));
        return c;
    }

    TabPane node() {
        return tabs;
    }

    /** Shows a tag's details ({@code reference} names it), or clears the pane for null. */
    void show(String reference, TagDetails details) {
        if (details == null) {
            fields.clear();
            history.setItems(FXCollections.observableArrayList());
            layers.setItems(FXCollections.observableArrayList());
            layersTotal.setText("");
            return;
        }
        ImageOverview o = ImageOverview.of(details.image(), reference);
        String[] texts = {reference, o.digest(), String.join(", ", details.platforms()), formats.exact(o.created()),
                o.author(), o.platform(), formats.size(o.storedSize()), o.cmd(), o.entrypoint(), o.env(), o.workingDir(),
                o.exposedPorts(), o.labels()};
        fields.show(texts);
        history.setItems(FXCollections.observableArrayList(o.history()));
        layers.setItems(FXCollections.observableArrayList(details.image().manifest().layers()));
        layersTotal.setText(formats.size(details.image().manifest().layers().stream().mapToLong(Descriptor::size).sum()));
    }
}
