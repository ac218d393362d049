package dev.stowage.ui.sources;

import dev.stowage.ui.Messages;
import javafx.scene.Node;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The sidebar: a list of sources; choosing one puts its view in the window's centre (the images and their
 * details, the containers, or a registry).
 */
public final class SourcesView {
    private final ListView<Source> list = new ListView<>();
    private Node containersNode;

    /** @param containers makes the containers view, the first time it is shown */
    public SourcesView(SourcesViewModel vm, Messages messages, Node images, Supplier<Node> containers, RegistryView registry,
                       Consumer<Node> showInCentre, Runnable containersShown) {
        list.setId("sources");
        list.setPrefWidth(190);
        list.setItems(vm.sources());
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Source s, boolean empty) {
                super.updateItem(s, empty);
                getStyleClass().removeAll("source-registry", "source-local");
                if (empty || s == null) {
                    setText(null);
                    return;
                }
                setText(switch (s.kind()) {
                    case LOCAL -> messages.get("source.local");
                    case CONTAINERS -> messages.get("source.containers");
                    case REGISTRY -> s.registry();
                });
                getStyleClass().add(s.kind() == Source.Kind.REGISTRY ? "source-registry" : "source-local");
            }
        });
        list.getSelectionModel().select(vm.selectedProperty().get());
        vm.sources().addListener((javafx.collections.ListChangeListener<Source>) c ->
                list.getSelectionModel().select(vm.selectedProperty().get()));
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) vm.selectedProperty().set(now);
        });
        vm.selectedProperty().addListener((o, was, now) -> {
            if (now != list.getSelectionModel().getSelectedItem()) list.getSelectionModel().select(now);
            switch (now.kind()) {
                case LOCAL -> showInCentre.accept(images);
                case CONTAINERS -> {
                    if (containersNode == null) containersNode = containers.get();
                    showInCentre.accept(containersNode);
                    containersShown.run();
                }
                case REGISTRY -> {
                    registry.show(now.registry());
                    showInCentre.accept(registry.node());
                }
            }
        });
    }

    public ListView<Source> node() {
        return list;
    }
}
