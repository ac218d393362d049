package dev.stowage.ui.sources;

import dev.stowage.ui.Messages;
import dev.stowage.ui.registry.RegistryPages;
import javafx.scene.layout.StackPane;

/** A registry in the sidebar: its browser page ({@link RegistryPages}), one per registry for the session. */
public final class RegistryView {
    private final StackPane box = new StackPane();
    private final RegistryPages pages;

    public RegistryView(Messages messages, SourcesViewModel sources) {
        pages = new RegistryPages(messages, sources::browserHooks);
    }

    public void show(String registry) {
        box.getChildren().setAll(pages.page(registry));
    }

    public RegistryPages pages() {
        return pages;
    }

    public StackPane node() {
        return box;
    }
}
