package dev.stowage.ui.containers;

import dev.stowage.ui.TaskIndicator;

import dev.stowage.container.Container;
import dev.stowage.ui.Formats;
import dev.stowage.ui.Messages;
import dev.stowage.ui.layers.FileTreeTable;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** The Containers source: the working containers, their actions, and the selected one's diff as a tree. */
public final class ContainersView {
    private final ContainersViewModel vm;
    private final Messages messages;
    private final Supplier<List<String>> imageNames;
    private final BorderPane root = new BorderPane();
    private final TableView<Container> table = new TableView<>();
    private final FileTreeTable diff;

    /** @param imageNames the local images' names, offered when creating a container (in memory, no I/O) */
    public ContainersView(ContainersViewModel vm, Messages messages, Formats formats, Supplier<List<String>> imageNames) {
        this.vm = vm;
        this.messages = messages;
        this.imageNames = imageNames;
        root.setId("containersView");
        diff = new FileTreeTable(messages, formats::size, false);
        diff.node().setId("containerDiff");
        vm.diffProperty().addListener((o, was, now) -> diff.show(now, dev.stowage.ui.layers.FileNode.ALL));

        table.setId("containers");

        dev.stowage.ui.TableHeaders.keepReadable(table);
        table.setPlaceholder(new Label(messages.get("containers.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<Container, String> name = new TableColumn<>(messages.get("containers.name"));
        name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().name()));
        name.setPrefWidth(200);
        TableColumn<Container, String> id = new TableColumn<>(messages.get("containers.id"));
        id.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().shortId()));
        id.setPrefWidth(130);
        TableColumn<Container, String> image = new TableColumn<>(messages.get("containers.image"));
        image.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().image()));
        image.setPrefWidth(260);
        TableColumn<Container, String> created = new TableColumn<>(messages.get("containers.created"));
        created.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(formats.ago(c.getValue().created(), Instant.now())));
        created.setPrefWidth(140);
        TableColumn<Container, String> folder = new TableColumn<>(messages.get("containers.rootfs"));
        folder.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().rootfs().toString()));
        table.getColumns().addAll(List.of(name, id, image, created, folder));
        table.setItems(vm.containers());
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> vm.selectedProperty().set(now));
        vm.selectedProperty().addListener((o, was, now) -> {
            if (table.getSelectionModel().getSelectedItem() != now) {
                if (now == null) table.getSelectionModel().clearSelection();
                else table.getSelectionModel().select(now);
            }
        });

        Label diffTitle = new Label(messages.get("containers.diff"));
        diffTitle.getStyleClass().add("detail-key");
        VBox.setVgrow(diff.node(), Priority.ALWAYS);
        VBox diffBox = new VBox(4, diffTitle, diff.node());
        diffBox.setPadding(new Insets(6));
        SplitPane split = new SplitPane(table, diffBox);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        root.setTop(toolbar());
        root.setCenter(split);
        if (!vm.reportsToWindow()) root.setBottom(statusLine());
    }

    private ToolBar toolbar() {
        Button create = new Button(messages.get("containers.create"));
        dev.stowage.ui.Icons.on(create, dev.stowage.ui.Icons.Icon.CREATE_CONTAINER, messages.get("containers.create.tooltip"));
        create.setId("createContainer");
        create.setOnAction(e -> new CreateContainerDialog(messages, imageNames.get(), null).ask(owner())
                .ifPresent(r -> vm.create(r.image(), r.name())));
        var none = vm.selectedProperty().isNull();
        Button open = new Button(messages.get("containers.open"));
        dev.stowage.ui.Icons.on(open, dev.stowage.ui.Icons.Icon.OPEN_FOLDER, messages.get("containers.open.tooltip"));
        open.setId("openRootfs");
        open.disableProperty().bind(none);
        open.setOnAction(e -> vm.openRootfs(vm.selectedProperty().get()));
        Button diffButton = new Button(messages.get("containers.refreshDiff"));
        dev.stowage.ui.Icons.on(diffButton, dev.stowage.ui.Icons.Icon.DIFF, messages.get("containers.refreshDiff.tooltip"));
        diffButton.setId("refreshDiff");
        diffButton.disableProperty().bind(none);
        diffButton.setOnAction(e -> vm.refreshDiff());
        Button commit = new Button(messages.get("containers.commit"));
        dev.stowage.ui.Icons.on(commit, dev.stowage.ui.Icons.Icon.COMMIT, messages.get("containers.commit.tooltip"));
        commit.setId("commitContainer");
        commit.disableProperty().bind(none);
        commit.visibleProperty().bind(vm.commitActionProperty().isNotNull());
        commit.managedProperty().bind(commit.visibleProperty());
        commit.setOnAction(e -> vm.commitActionProperty().get().accept(vm.selectedProperty().get()));
        Button remove = new Button(messages.get("containers.remove"));
        dev.stowage.ui.Icons.on(remove, dev.stowage.ui.Icons.Icon.REMOVE, messages.get("containers.remove.tooltip"));
        remove.setId("removeContainer");
        remove.disableProperty().bind(none);
        remove.setOnAction(e -> confirmRemove());
        Button refresh = new Button(messages.get("action.refresh"));
        dev.stowage.ui.Icons.on(refresh, dev.stowage.ui.Icons.Icon.REFRESH, messages.get("action.refresh.tooltip"));
        refresh.setId("refreshContainers");
        refresh.setOnAction(e -> vm.refresh());
        return new ToolBar(create, open, diffButton, commit, remove, refresh);
    }

    private HBox statusLine() {
        Label error = new Label();
        error.setId("containersError");
        error.getStyleClass().add("error-message");
        error.textProperty().bind(vm.errorProperty());
        Label info = new Label();
        info.setId("containersInfo");
        info.textProperty().bind(vm.infoProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        TaskIndicator running = new TaskIndicator(vm.currentTaskProperty(), vm::cancel, messages, 140);
        HBox line = new HBox(8, error, info, spacer);
        line.getChildren().addAll(running.nodes());
        line.setAlignment(Pos.CENTER_LEFT);
        line.getStyleClass().add("status-bar");
        return line;
    }

    private void confirmRemove() {
        Container c = vm.selectedProperty().get();
        if (c == null) return;
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, c.rootfs().toString(), ButtonType.OK, ButtonType.CANCEL);
        alert.setTitle(messages.get("containers.remove.title"));
        alert.setHeaderText(messages.format("containers.remove.header", c.name()));
        alert.getDialogPane().setId("removeContainerDialog");
        dev.stowage.ui.dialogs.Dialogs.prepare(alert, owner());
        alert.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.remove(c));
    }

    private javafx.stage.Window owner() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    public BorderPane node() {
        return root;
    }

    public TableView<Container> tableView() {
        return table;
    }

    public FileTreeTable diffTree() {
        return diff;
    }
}
