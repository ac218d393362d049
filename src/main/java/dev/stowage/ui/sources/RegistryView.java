package dev.stowage.ui.sources;

import dev.stowage.error.ErrorText;
import dev.stowage.image.Reference;
import dev.stowage.ui.ImageRow;
import dev.stowage.ui.Messages;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.TreeSet;

/**
 * A registry in the sidebar: the repositories of it that the local store knows (images pulled from it or
 * tagged for it), from the rows already in memory, and on request the registry's own catalog (a
 * background task). Pull and push live in their dialogs.
 */
public final class RegistryView {
    private final VBox box;
    private final Label title = new Label();
    private final ListView<String> repositories = new ListView<>();
    private final ListView<String> catalog = new ListView<>();
    private final Label catalogStatus = new Label();
    private final javafx.scene.control.Button ask;
    private javafx.concurrent.Task<java.util.List<String>> catalogTask;
    private final Messages messages;
    private final ObservableList<ImageRow> rows;
    private String registry;

    public RegistryView(Messages messages, ObservableList<ImageRow> rows, SourcesViewModel sources) {
        this.messages = messages;
        this.rows = rows;
        title.setId("registryTitle");
        title.getStyleClass().add("registry-title");
        repositories.setId("registryRepositories");
        repositories.setPlaceholder(new Label(messages.get("registry.noRepositories")));
        VBox.setVgrow(repositories, Priority.ALWAYS);
        Label hint = new Label(messages.get("registry.hint"));
        hint.setWrapText(true);
        ask = new javafx.scene.control.Button(messages.get("registry.catalog"));
        ask.setId("registryCatalog");
        ask.setOnAction(e -> askCatalog(sources));
        catalogStatus.setId("registryCatalogStatus");
        catalogStatus.setWrapText(true);
        catalog.setId("registryCatalogList");
        catalog.setPlaceholder(new Label(messages.get("registry.catalog.none")));
        VBox.setVgrow(catalog, Priority.ALWAYS);
        javafx.scene.layout.HBox askLine = new javafx.scene.layout.HBox(8, ask, catalogStatus);
        askLine.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        box = new VBox(8, title, hint, repositories, askLine, catalog);
        box.setPadding(new Insets(10));
        rows.addListener((ListChangeListener<ImageRow>) c -> refresh());
    }

    public void show(String registry) {
        if (!registry.equals(this.registry)) {
            if (catalogTask != null) catalogTask.cancel();
            catalogTask = null;
            catalog.getItems().clear();
            catalogStatus.setText("");
            ask.setDisable(false);
        }
        this.registry = registry;
        refresh();
    }

    /** Lists the registry's repositories from its catalog, on a background task. */
    private void askCatalog(SourcesViewModel sources) {
        String asked = registry;
        var task = sources.catalog(asked, messages.format("registry.catalog.task", asked));
        catalogTask = task;
        ask.setDisable(true);
        catalogStatus.setText(messages.format("registry.catalog.task", asked));
        task.setOnSucceeded(e -> {
            if (catalogTask != task) return;
            ask.setDisable(false);
            catalog.getItems().setAll(task.getValue());
            catalogStatus.setText(messages.format("registry.catalog.count", task.getValue().size()));
        });
        task.setOnFailed(e -> {
            if (catalogTask != task) return;
            ask.setDisable(false);
            catalogStatus.setText(messages.format("registry.catalog.error", ErrorText.oneLine(task.getException())));
        });
    }

    private void refresh() {
        if (registry == null) return;
        title.setText(messages.format("registry.title", registry));
        TreeSet<String> names = new TreeSet<>();
        for (ImageRow row : rows) {
            Reference name = row.name();
            if (name != null && name.domain().equals(registry)) names.add(name.familiarString());
        }
        repositories.getItems().setAll(names);
    }

    public VBox node() {
        return box;
    }
}
