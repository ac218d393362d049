package dev.stowage.ui;

import dev.stowage.ui.images.ImageOverview;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;

import java.util.List;

/** Overview, History and Inspect of the selected image. Everything shown is already in memory: no I/O here. */
final class DetailsView {
    private static final javafx.css.PseudoClass EMPTY_LAYER = javafx.css.PseudoClass.getPseudoClass("empty-layer");
    private static final String[] FIELDS = {"id", "digest", "names", "created", "author", "comment", "platform",
            "size", "storedSize", "cmd", "entrypoint", "env", "workingDir", "exposedPorts", "labels"};

    private final Messages messages;
    private final Formats formats;
    private final TabPane tabs = new TabPane();
    private final GridPane overview = new GridPane();
    private final DetailFields fields;
    private final TableView<ImageOverview.HistoryRow> history = new TableView<>();
    private final Label placeholder;
    private final InspectView inspect;
    private final Tab inspectTab;

    DetailsView(Messages messages, Formats formats) {
        this.messages = messages;
        this.formats = formats;
        placeholder = new Label(messages.get("details.none"));
        fields = new DetailFields(overview, messages, "details.", "detail-", FIELDS);
        ScrollPane scroll = new ScrollPane(overview);
        scroll.setFitToWidth(true);
        placeholder.setId("details-none");
        // the fields, or the hint alone while nothing is selected
        scroll.visibleProperty().bind(placeholder.visibleProperty().not());
        Tab overviewTab = new Tab(messages.get("details.overview"), new javafx.scene.layout.StackPane(scroll, placeholder));
        overviewTab.setId("tab-overview");

        history.setId("history");

        dev.stowage.ui.TableHeaders.keepReadable(history);
        history.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ImageOverview.HistoryRow, String> created = new TableColumn<>(messages.get("history.created"));
        created.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(formats.exact(c.getValue().created())));
        TableColumn<ImageOverview.HistoryRow, String> by = new TableColumn<>(messages.get("history.createdBy"));
        by.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().createdBy()));
        TableColumn<ImageOverview.HistoryRow, String> size = new TableColumn<>(messages.get("history.size"));
        size.setId("history-size");
        size.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().emptyLayer() ? "0 B"
                : c.getValue().size() < 0 ? "" : formats.size(c.getValue().size())));
        TableColumn<ImageOverview.HistoryRow, String> comment = new TableColumn<>(messages.get("history.comment"));
        comment.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().comment()));
        TableColumn<ImageOverview.HistoryRow, String> empty = new TableColumn<>(messages.get("history.layer"));
        empty.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(
                messages.get(c.getValue().emptyLayer() ? "history.noLayer" : "history.hasLayer")));
        history.getColumns().addAll(List.of(created, by, size, empty, comment));
        // a step that made no layer (ENV, CMD, …) is greyed
        history.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(ImageOverview.HistoryRow item, boolean isEmpty) {
                super.updateItem(item, isEmpty);
                pseudoClassStateChanged(EMPTY_LAYER, !isEmpty && item != null && item.emptyLayer());
            }
        });
        history.setPlaceholder(new Label(messages.get("history.empty")));
        Tab historyTab = new Tab(messages.get("details.history"), history);
        historyTab.setId("tab-history");

        inspect = new InspectView(messages);
        inspectTab = new Tab(messages.get("details.inspect"), inspect.node());
        inspectTab.setId("tab-inspect");

        tabs.getTabs().addAll(overviewTab, historyTab, inspectTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        clear();
    }

    TabPane node() {
        return tabs;
    }

    /** Adds a tab after Overview and History, before Inspect (the Layers tab). */
    void addTab(Tab tab) {
        tabs.getTabs().add(tabs.getTabs().indexOf(inspectTab), tab);
    }

    /** Clears the pane (nothing selected). */
    void clear() {
        fields.clear();
        placeholder.setVisible(true);
        history.setItems(FXCollections.observableArrayList());
        inspect.show(null);
    }

    void show(ImageOverview o) {
        if (o == null) {
            clear();
            return;
        }
        String[] texts = {o.id(), o.digest(), o.names(), formats.exact(o.created()), o.author(), o.comment(), o.platform(),
                o.size() < 0 ? "" : formats.size(o.size()), o.storedSize() < 0 ? "" : formats.size(o.storedSize()),
                o.cmd(), o.entrypoint(), o.env(), o.workingDir(), o.exposedPorts(), o.labels()};
        // an empty field says so, rather than looking like a gap in the layout
        fields.show(texts);
        placeholder.setVisible(false);
        history.setItems(FXCollections.observableArrayList(o.history()));
        inspect.show(o.inspect());
    }
}
