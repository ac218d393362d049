package dev.stowage.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.ImageConfig;
import dev.stowage.image.Reference;
import dev.stowage.store.LocalImage;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Overview and History of the selected image. Everything shown is already in memory: no I/O here. */
final class DetailsView {
    private static final String[] FIELDS = {"id", "digest", "names", "created", "author", "comment", "platform",
            "cmd", "entrypoint", "env", "workingDir", "exposedPorts", "labels"};

    private final Messages messages;
    private final Formats formats;
    private final TabPane tabs = new TabPane();
    private final GridPane overview = new GridPane();
    private final List<Label> values = new ArrayList<>();
    private final TableView<ImageConfig.HistoryEntry> history = new TableView<>();
    private final Label placeholder;

    DetailsView(Messages messages, Formats formats) {
        this.messages = messages;
        this.formats = formats;
        placeholder = new Label(messages.get("details.none"));
        overview.setHgap(12);
        overview.setVgap(6);
        overview.setPadding(new Insets(10));
        ColumnConstraints keys = new ColumnConstraints();
        ColumnConstraints vals = new ColumnConstraints();
        vals.setHgrow(Priority.ALWAYS);
        overview.getColumnConstraints().addAll(keys, vals);
        for (int i = 0; i < FIELDS.length; i++) {
            Label key = new Label(messages.get("details." + FIELDS[i]));
            key.getStyleClass().add("detail-key");
            Label value = new Label();
            value.setId("detail-" + FIELDS[i]);
            value.setWrapText(true);
            value.getStyleClass().add("detail-value");
            overview.addRow(i, key, value);
            values.add(value);
        }
        ScrollPane scroll = new ScrollPane(overview);
        scroll.setFitToWidth(true);
        Tab overviewTab = new Tab(messages.get("details.overview"), scroll);
        overviewTab.setId("tab-overview");

        history.setId("history");
        history.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ImageConfig.HistoryEntry, String> created = new TableColumn<>(messages.get("history.created"));
        created.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(formats.exact(c.getValue().created())));
        TableColumn<ImageConfig.HistoryEntry, String> by = new TableColumn<>(messages.get("history.createdBy"));
        by.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(nz(c.getValue().createdBy())));
        TableColumn<ImageConfig.HistoryEntry, String> comment = new TableColumn<>(messages.get("history.comment"));
        comment.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(nz(c.getValue().comment())));
        TableColumn<ImageConfig.HistoryEntry, String> empty = new TableColumn<>(messages.get("history.layer"));
        empty.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(
                messages.get(c.getValue().emptyLayer() ? "history.noLayer" : "history.hasLayer")));
        history.getColumns().addAll(List.of(created, by, comment, empty));
        history.setPlaceholder(new Label(messages.get("history.empty")));
        Tab historyTab = new Tab(messages.get("details.history"), history);
        historyTab.setId("tab-history");

        tabs.getTabs().addAll(overviewTab, historyTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        show(null);
    }

    TabPane node() {
        return tabs;
    }

    /** Adds a tab after Overview and History (the Layers tab). */
    void addTab(Tab tab) {
        tabs.getTabs().add(tab);
    }

    void show(ImageRow row) {
        if (row == null) {
            values.forEach(v -> v.setText(""));
            values.get(0).setText(messages.get("details.none"));
            history.setItems(FXCollections.observableArrayList());
            return;
        }
        LocalImage image = row.image();
        ImageConfig config = image.config();
        JsonNode runtime = config.runtimeConfig();
        String platform = nz(config.os()) + "/" + nz(config.architecture())
                + (config.variant() == null ? "" : "/" + config.variant());
        String[] texts = {
                image.id().toString(),
                image.target().digest().toString(),
                String.join(", ", image.names().stream().map(Reference::familiarString).toList()),
                formats.exact(config.created()),
                nz(config.author()),
                nz(config.comment()),
                platform,
                list(runtime, "Cmd", " "),
                list(runtime, "Entrypoint", " "),
                list(runtime, "Env", "\n"),
                runtime == null ? "" : text(runtime.get("WorkingDir")),
                keys(runtime, "ExposedPorts", ", ", false),
                keys(runtime, "Labels", "\n", true),
        };
        for (int i = 0; i < texts.length; i++) values.get(i).setText(texts[i]);
        history.setItems(FXCollections.observableArrayList(config.history()));
    }

    private static String list(JsonNode runtime, String field, String separator) {
        JsonNode node = runtime == null ? null : runtime.get(field);
        if (node == null || node.isNull()) return "";
        if (!node.isArray()) return node.asText();
        List<String> parts = new ArrayList<>();
        node.forEach(n -> parts.add(n.asText()));
        return String.join(separator, parts);
    }

    private static String keys(JsonNode runtime, String field, String separator, boolean withValues) {
        JsonNode node = runtime == null ? null : runtime.get(field);
        if (node == null || !node.isObject()) return "";
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            parts.add(withValues ? e.getKey() + "=" + e.getValue().asText() : e.getKey());
        }
        return String.join(separator, parts);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "" : n.asText();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
