package dev.stowage.ui.sources;

import dev.stowage.ui.Messages;
import javafx.scene.Node;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The sidebar: a list of sources; choosing one puts its view in the window's centre (the images and their
 * details — of the store or of an engine —, the containers, or a registry). Image rows dragged from the table
 * can be dropped on another source to copy them there.
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
                getStyleClass().removeAll("source-registry", "source-local", "source-engine");
                setTooltip(null);
                if (empty || s == null) {
                    setText(null);
                    setId(null);
                    setGraphic(null);
                    return;
                }
                setGraphic(null);
                dev.stowage.ui.Icons.with(switch (s.kind()) {
                    case LOCAL -> dev.stowage.ui.Icons.Icon.IMAGE;
                    case CONTAINERS -> dev.stowage.ui.Icons.Icon.CONTAINER;
                    case ENGINE -> dev.stowage.ui.Icons.Icon.ENGINE;
                    case REGISTRY -> dev.stowage.ui.Icons.Icon.REGISTRY;
                }, icon -> {
                    if (getItem() == s) setGraphic(icon);
                });
                setText(switch (s.kind()) {
                    case LOCAL -> messages.get("source.local");
                    case CONTAINERS -> messages.get("source.containers");
                    case ENGINE, REGISTRY -> s.registry();
                });
                setId(switch (s.kind()) {
                    case LOCAL -> "source-local";
                    case CONTAINERS -> "source-containers";
                    case ENGINE -> "source-engine-" + s.registry();
                    case REGISTRY -> null;
                });
                if (s.kind() == Source.Kind.ENGINE) setTooltip(new javafx.scene.control.Tooltip(s.engine().tooltip()));
                getStyleClass().add(switch (s.kind()) {
                    case REGISTRY -> "source-registry";
                    case ENGINE -> "source-engine";
                    default -> "source-local";
                });
            }
        });
        list.getSelectionModel().select(vm.selectedProperty().get());
        // only rows dragged inside the app (files dropped from outside are the window's: they import)
        list.addEventHandler(javafx.scene.input.DragEvent.DRAG_OVER, e -> {
            if (e.getGestureSource() == null) return;
            Source target = sourceAt(e.getPickResult().getIntersectedNode());
            if (target != null && dropTarget.test(target)) e.acceptTransferModes(javafx.scene.input.TransferMode.COPY);
            e.consume();
        });
        list.addEventHandler(javafx.scene.input.DragEvent.DRAG_DROPPED, e -> {
            if (e.getGestureSource() == null) return;
            Source target = sourceAt(e.getPickResult().getIntersectedNode());
            boolean done = target != null && dropTarget.test(target);
            if (done) drop.accept(target);
            e.setDropCompleted(done);
            e.consume();
        });
        vm.sources().addListener((javafx.collections.ListChangeListener<Source>) c ->
                list.getSelectionModel().select(vm.selectedProperty().get()));
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) vm.selectedProperty().set(now);
        });
        vm.selectedProperty().addListener((o, was, now) -> {
            if (now != list.getSelectionModel().getSelectedItem()) list.getSelectionModel().select(now);
            switch (now.kind()) {
                case LOCAL, ENGINE -> showInCentre.accept(images);
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

    private java.util.function.Predicate<Source> dropTarget = s -> false;
    private Consumer<Source> drop = s -> { };

    /** Image rows dragged from the table may be dropped on the sources {@code accepts} takes; {@code onDrop} copies them. */
    public void setDropTarget(java.util.function.Predicate<Source> accepts, Consumer<Source> onDrop) {
        this.dropTarget = accepts;
        this.drop = onDrop;
    }

    private static Source sourceAt(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n instanceof ListCell<?> cell && cell.getItem() instanceof Source s) return s;
        }
        return null;
    }

    public ListView<Source> node() {
        return list;
    }
}
