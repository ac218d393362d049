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

/**
 * The Containers source: the working containers with their state, the actions their state allows, and the
 * selected one's Files (diff as a tree), Logs and Inspect tabs. The states are polled while the page is shown.
 */
public final class ContainersView {
    private final ContainersViewModel vm;
    private final Messages messages;
    private final Supplier<List<String>> imageNames;
    private final BorderPane root = new BorderPane();
    private final TableView<Container> table = new TableView<>();
    private final FileTreeTable diff;
    private final ContainerLogsView logs;
    private final dev.stowage.ui.InspectView inspect;
    private final javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane();
    /** Held: a listener on a binding nobody holds would be collected. */
    private final javafx.beans.value.ObservableValue<Boolean> shown;

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
        TableColumn<Container, Badge> state = new TableColumn<>(messages.get("containers.state"));
        state.setId("col-state");
        state.setCellValueFactory(c -> javafx.beans.binding.Bindings.createObjectBinding(() -> {
            var s = vm.statuses().get(c.getValue().id());
            Instant at = vm.readAtProperty().get();
            return s == null ? null : new Badge(s.state(), s.describe(at == null ? Instant.now() : at));
        }, vm.statuses(), vm.readAtProperty()));
        state.setCellFactory(col -> new StateCell());
        state.setPrefWidth(170);
        table.getColumns().addAll(List.of(name, id, image, state, created, folder));
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
        logs = new ContainerLogsView(messages);
        inspect = new dev.stowage.ui.InspectView(messages);
        inspect.node().setId("containerInspect");
        javafx.scene.control.Tab files = new javafx.scene.control.Tab(messages.get("containers.files"), diffBox);
        files.setId("filesTab");
        javafx.scene.control.Tab logsTab = new javafx.scene.control.Tab(messages.get("containers.logs"), logs.node());
        logsTab.setId("logsTab");
        javafx.scene.control.Tab inspectTab = new javafx.scene.control.Tab(messages.get("containers.inspect"), inspect.node());
        inspectTab.setId("inspectTab");
        tabs.getTabs().addAll(List.of(files, logsTab, inspectTab));
        tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("containerTabs");
        logsTab.selectedProperty().addListener((o, was, now) -> showLogs());
        inspectTab.selectedProperty().addListener((o, was, now) -> showInspect());
        vm.selectedProperty().addListener((o, was, now) -> {
            showLogs();
            showInspect();
        });
        // a new start (restart, start) begins a new log file: follow that one
        vm.statuses().addListener((javafx.collections.MapChangeListener<String, dev.stowage.container.run.ContainerStatus>) change -> {
            Container c = vm.selectedProperty().get();
            if (c == null || !change.getKey().equals(c.id())) return;
            var was = change.getValueRemoved();
            var now = change.getValueAdded();
            if (was != null && now != null && !java.util.Objects.equals(was.startedAt(), now.startedAt())) showLogs();
            if (inspectTab.isSelected() && now != null && (was == null || !was.state().equals(now.state()))) showInspect();
        });
        // the states are read and the log followed only while the page is shown in a window
        shown = root.sceneProperty().flatMap(javafx.scene.Scene::windowProperty)
                .flatMap(javafx.stage.Window::showingProperty).orElse(false);
        shown.addListener((o, was, now) -> {
            vm.setPolling(now);
            if (now) showLogs();
            else logs.stop();
        });
        root.getStylesheets().add(ContainersView.class.getResource("containers.css").toExternalForm());
        SplitPane split = new SplitPane(table, tabs);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        root.setTop(toolbar());
        root.setCenter(split);
        if (!vm.reportsToWindow()) root.setBottom(statusLine());
    }

    private void showLogs() {
        Container c = vm.selectedProperty().get();
        boolean visible = shown.getValue() && tabs.getSelectionModel().getSelectedItem() != null
                && "logsTab".equals(tabs.getSelectionModel().getSelectedItem().getId());
        logs.follow(visible ? c : null, c == null ? null : vm.runner().logFile(c));
    }

    private void showInspect() {
        Container c = vm.selectedProperty().get();
        if (c == null || !"inspectTab".equals(tabs.getSelectionModel().getSelectedItem().getId())) {
            if (c == null) inspect.show(null);
            return;
        }
        var task = vm.inspect(c);
        task.setOnSucceeded(e -> {
            if (c.equals(vm.selectedProperty().get())) inspect.show(task.getValue());
        });
        task.setOnFailed(e -> inspect.show(dev.stowage.error.ErrorText.oneLine(task.getException())));
    }

    /** A state (created, running, paused, exited) and how docker words it at the last read. */
    private record Badge(String state, String text) {
    }

    /** A state badge: Created, Up 3 minutes, Exited (0) 5 seconds ago, Up … (Paused). */
    private static final class StateCell extends javafx.scene.control.TableCell<Container, Badge> {
        private final Label badge = new Label();

        StateCell() {
            badge.getStyleClass().add("state-badge");
        }

        @Override
        protected void updateItem(Badge s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null) {
                setGraphic(null);
                return;
            }
            badge.setText(s.text());
            badge.getStyleClass().removeIf(c -> c.startsWith("state-") && !c.equals("state-badge"));
            badge.getStyleClass().add("state-" + s.state());
            setGraphic(badge);
        }
    }

    /** An icon button named by its tooltip (the toolbar has no room for every word). */
    private Button action(String id, String text, dev.stowage.ui.Icons.Icon icon, Runnable onAction) {
        Button b = dev.stowage.ui.Icons.on(new Button(), icon, text);
        b.getStyleClass().add(atlantafx.base.theme.Styles.BUTTON_ICON);
        b.setId(id);
        b.setOnAction(e -> onAction.run());
        return b;
    }

    /** True when the selected container's state is one of {@code states}, re-evaluated as the states are read. */
    private javafx.beans.binding.BooleanBinding selectedIn(String... states) {
        return javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            var s = vm.selectedStatus();
            return s != null && List.of(states).contains(s.state());
        }, vm.selectedProperty(), vm.statuses());
    }

    private java.util.List<javafx.scene.Node> runtimeButtons() {
        String created = dev.stowage.container.run.ContainerStatus.CREATED;
        String running = dev.stowage.container.run.ContainerStatus.RUNNING;
        String paused = dev.stowage.container.run.ContainerStatus.PAUSED;
        String exited = dev.stowage.container.run.ContainerStatus.EXITED;
        Button run = dev.stowage.ui.Icons.on(new Button(messages.get("containers.run")), dev.stowage.ui.Icons.Icon.RUN,
                messages.get("action.run.tooltip"));
        run.setId("runContainer");
        run.setOnAction(e -> vm.runActionProperty().get().accept(null));
        run.visibleProperty().bind(vm.runActionProperty().isNotNull());
        run.managedProperty().bind(run.visibleProperty());
        Button start = action("startContainer", messages.get("containers.start"), dev.stowage.ui.Icons.Icon.START, () -> vm.start(vm.selectedProperty().get()));
        start.disableProperty().bind(selectedIn(created, exited).not());
        Button stop = action("stopContainer", messages.get("containers.stop"), dev.stowage.ui.Icons.Icon.STOP, () -> vm.stop(vm.selectedProperty().get()));
        stop.disableProperty().bind(selectedIn(running, paused).not());
        Button restart = action("restartContainer", messages.get("containers.restart"), dev.stowage.ui.Icons.Icon.RESTART, () -> vm.restart(vm.selectedProperty().get()));
        restart.disableProperty().bind(selectedIn(running, exited).not());
        Button pause = action("pauseContainer", messages.get("containers.pause"), dev.stowage.ui.Icons.Icon.PAUSE, () -> vm.pause(vm.selectedProperty().get()));
        pause.visibleProperty().bind(selectedIn(running));
        pause.managedProperty().bind(pause.visibleProperty());
        Button unpause = action("unpauseContainer", messages.get("containers.unpause"), dev.stowage.ui.Icons.Icon.START, () -> vm.unpause(vm.selectedProperty().get()));
        unpause.visibleProperty().bind(selectedIn(paused));
        unpause.managedProperty().bind(unpause.visibleProperty());
        Button terminal = action("terminalContainer", messages.get("containers.terminal.tooltip"), dev.stowage.ui.Icons.Icon.TERMINAL,
                () -> vm.openTerminal(vm.selectedProperty().get()));
        terminal.disableProperty().bind(selectedIn(running).not());
        return List.of(run, start, stop, restart, pause, unpause, terminal);
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
        ToolBar bar = new ToolBar();
        bar.getItems().addAll(runtimeButtons());
        bar.getItems().addAll(List.of(create, open, diffButton, commit, remove, refresh));
        return bar;
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
