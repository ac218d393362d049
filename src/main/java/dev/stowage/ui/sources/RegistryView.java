package dev.stowage.ui.sources;

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
 * tagged for it), from the rows already in memory. Pull and push live in their dialogs.
 */
public final class RegistryView {
    private final VBox box;
    private final Label title = new Label();
    private final ListView<String> repositories = new ListView<>();
    private final Messages messages;
    private final ObservableList<ImageRow> rows;
    private String registry;

    public RegistryView(Messages messages, ObservableList<ImageRow> rows) {
        this.messages = messages;
        this.rows = rows;
        title.setId("registryTitle");
        title.getStyleClass().add("registry-title");
        repositories.setId("registryRepositories");
        repositories.setPlaceholder(new Label(messages.get("registry.noRepositories")));
        VBox.setVgrow(repositories, Priority.ALWAYS);
        Label hint = new Label(messages.get("registry.hint"));
        hint.setWrapText(true);
        box = new VBox(8, title, hint, repositories);
        box.setPadding(new Insets(10));
        rows.addListener((ListChangeListener<ImageRow>) c -> refresh());
    }

    public void show(String registry) {
        this.registry = registry;
        refresh();
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
