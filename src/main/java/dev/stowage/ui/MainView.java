package dev.stowage.ui;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import dev.stowage.error.ErrorText;
import dev.stowage.ui.containers.ContainersView;
import dev.stowage.ui.containers.ContainersViewModel;
import dev.stowage.ui.containers.FolderOpener;
import dev.stowage.ui.layers.LayersService;
import dev.stowage.ui.layers.LayersView;
import dev.stowage.ui.layers.LayersViewModel;
import dev.stowage.ui.sources.RegistryView;
import dev.stowage.ui.sources.Source;
import dev.stowage.ui.sources.SourcesView;
import dev.stowage.ui.sources.SourcesViewModel;

import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The main window's content: toolbar, sources sidebar, images table, details, status bar. */
public final class MainView {
    /** Style class set on the root while importable files are dragged over the window. */
    public static final String DROP_TARGET = "drop-target";

    private final MainViewModel vm;
    private final Messages messages;
    private final Formats formats;
    private final BorderPane root = new BorderPane();
    private final TableView<ImageRow> table = new TableView<>();
    private final TextField search = org.controlsfx.control.textfield.TextFields.createClearableTextField();
    private final DetailsView details;
    /** The scene's root: the window's content with the notifications drawn over it. */
    private final StackPane window = new StackPane();
    private final dev.stowage.ui.notify.NotificationStack notificationStack;
    private dev.stowage.ui.tasks.TasksPanel tasksPanel;

    public MainView(MainViewModel vm) {
        this.vm = vm;
        this.messages = vm.messages();
        this.formats = new Formats(messages);
        this.details = new DetailsView(messages, formats);
        root.setId("root");
        root.getStyleClass().add("stowage-root");
        root.setTop(toolbar());
        SplitPane split = new SplitPane(table(), details.node());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        root.setCenter(split);
        root.setLeft(sidebar(split));
        root.setBottom(statusBar());
        notificationStack = new dev.stowage.ui.notify.NotificationStack(vm.notifications(), messages,
                n -> showErrorDetails(n.text(), n.cause()));
        StackPane.setAlignment(notificationStack.node(), javafx.geometry.Pos.BOTTOM_RIGHT);
        placeNotifications(0);
        window.getChildren().addAll(root, notificationStack.node());
        dragAndDrop();
        vm.selectedProperty().addListener((o, was, now) -> showDetails(now));
    }

    private javafx.concurrent.Task<dev.stowage.ui.images.ImageOverview> detailsTask;

    /** The selected row's Overview and History, read where the image lives on a background task. */
    private void showDetails(ImageRow row) {
        if (detailsTask != null) detailsTask.cancel(false);
        detailsTask = null;
        if (row == null) {
            details.show(null);
            return;
        }
        var task = vm.location().overview(row);
        detailsTask = task;
        task.setOnSucceeded(e -> {
            if (detailsTask == task) details.show(task.getValue());
        });
        task.setOnFailed(e -> {
            if (detailsTask != task) return;
            details.show(null);
            vm.fail(messages.format("error.details", ErrorText.oneLine(task.getException())), task.getException());
        });
        vm.location().submit(task);
    }

    public Parent root() {
        return root;
    }

    public Scene createScene() {
        AppFonts.apply(window); // the notifications drawn over the content too
        Scene scene = new Scene(window, 1100, 720);
        scene.getStylesheets().add(MainView.class.getResource("stowage.css").toExternalForm());
        var accelerators = scene.getAccelerators();
        accelerators.put(new KeyCodeCombination(KeyCode.F5), () -> {
            vm.refresh();
            sources.reloadEngines();
            sources.reloadRegistries();
        });
        accelerators.put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::chooseFiles);
        accelerators.put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), search::requestFocus);
        return scene;
    }

    private HBox toolbar() {
        var selected = table.getSelectionModel().getSelectedItems();
        Button importButton = Icons.on(new Button(messages.get("action.import")), Icons.Icon.IMPORT, messages.get("action.import.tooltip"));
        importButton.setId("import");
        importButton.setOnAction(e -> chooseFiles());
        Button remove = Icons.on(new Button(), Icons.Icon.REMOVE, messages.get("action.remove.tooltip"));
        remove.setId("remove");
        remove.getStyleClass().add(atlantafx.base.theme.Styles.BUTTON_ICON);
        remove.disableProperty().bind(Bindings.isEmpty(selected));
        remove.setOnAction(e -> confirmRemove());
        Button prune = Icons.on(new Button(), Icons.Icon.PRUNE, messages.get("action.prune.tooltip"));
        prune.setId("prune");
        prune.getStyleClass().add(atlantafx.base.theme.Styles.BUTTON_ICON);
        prune.disableProperty().bind(Bindings.createBooleanBinding(
                () -> vm.location() != vm.storeLocation() || vm.rows().stream().noneMatch(ImageRow::dangling),
                vm.rows(), vm.locationProperty()));
        prune.setOnAction(e -> confirmPrune());
        Button refresh = Icons.on(new Button(), Icons.Icon.REFRESH, messages.get("action.refresh.tooltip"));
        refresh.setId("refresh");
        refresh.getStyleClass().add(atlantafx.base.theme.Styles.BUTTON_ICON);
        refresh.setAccessibleText(messages.get("action.refresh"));
        refresh.setOnAction(e -> vm.refresh());
        Label count = new Label();
        count.setId("selectionCount");
        count.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
        count.textProperty().bind(Bindings.createStringBinding(() -> messages.format("images.selected", selected.size()), selected));
        count.visibleProperty().bind(Bindings.size(selected).greaterThan(1));
        count.managedProperty().bind(count.visibleProperty());
        search.setId("search");
        search.setPromptText(messages.get("search.prompt"));
        search.setPrefColumnCount(14);
        search.textProperty().bindBidirectional(vm.searchProperty());
        ToggleButton dangling = Icons.on(new ToggleButton(), Icons.Icon.DANGLING,
                messages.get("filter.dangling") + " \u2014 " + messages.get("filter.dangling.tooltip"));
        dangling.setId("showDangling");
        dangling.getStyleClass().add(atlantafx.base.theme.Styles.BUTTON_ICON);
        dangling.selectedProperty().bindBidirectional(vm.showDanglingProperty());
        javafx.scene.control.Separator selection = new javafx.scene.control.Separator(Orientation.VERTICAL);
        selection.setId("selectionActions");
        actions = new ToolBar(importButton, selection, remove, count, new javafx.scene.control.Separator(Orientation.VERTICAL),
                prune, refresh);
        actions.setId("actionsBar");
        actions.setMinWidth(0);
        HBox.setHgrow(actions, Priority.ALWAYS);
        // the search is never pushed into the actions' overflow menu: it has a bar of its own
        find = new ToolBar(search, dangling);
        find.setId("searchBar");
        find.setMinWidth(Region.USE_PREF_SIZE);
        HBox top = new HBox(actions, find);
        top.getStyleClass().add("main-toolbar");
        return top;
    }

    /** The images' actions (the search has a bar of its own, beside it). */
    private ToolBar actions;
    private ToolBar find;

    /** What the main toolbar keeps on pages that are not a list of images (containers, a registry). */
    private static final java.util.Set<String> ALWAYS_SHOWN = java.util.Set.of("pullButton", "import", "registryMenu", "settingsButton");

    /**
     * One toolbar per page: on the Containers page and a registry's page, the images' own actions (the
     * selection's, Prune, Refresh, Commit, the search) are hidden — those pages have toolbars of their own.
     */
    private void showImageActions(boolean shown) {
        for (Node item : actions.getItems()) {
            if (item.getId() != null && ALWAYS_SHOWN.contains(item.getId()) || item.visibleProperty().isBound()) continue;
            item.setVisible(shown);
            item.setManaged(shown);
        }
        find.setVisible(shown);
        find.setManaged(shown);
    }

    /** Works out what pruning frees (in the background), asks, then prunes and reports the space freed. */
    private void confirmPrune() {
        var plan = vm.service().prunePlan();
        plan.setOnSucceeded(e -> {
            var p = plan.getValue();
            if (p.deleted().isEmpty()) return;
            dev.stowage.ui.dialogs.PruneDialog.confirmation(messages, p, root.getScene() == null ? null : root.getScene().getWindow())
                    .showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.pruneDangling());
        });
        vm.trackStoreTask(plan, messages.get("error.prune"));
    }

    /** Opens a failure's details: the one line and the chain of causes in words. */
    private void showErrorDetails(String text, Throwable cause) {
        if (cause == null) return;
        dev.stowage.ui.dialogs.ErrorDialog.show(root.getScene() == null ? null : root.getScene().getWindow(), messages, text, cause);
    }

    // --- layers, containers, sidebar ---
    private LayersView layers;
    private ContainersViewModel containers;
    private SourcesViewModel sources;

    /** The sources sidebar; also makes the Layers tab and the Containers view. */
    private ListView<Source> sidebar(SplitPane images) {
        layersService = new LayersService(vm.service().store(), messages);
        layers = new LayersView(new LayersViewModel(layersService, messages), messages, formats);
        details.addTab(layers.tab());
        layers.tab().selectedProperty().addListener((o, was, now) -> {
            if (now && images.getDividers().get(0).getPosition() > 0.35) images.setDividerPositions(0.3);
        });
        vm.selectedProperty().addListener((o, was, now) ->
                layers.show(now == null ? null : vm.location().layers(now, layersService)));
        containers = new ContainersViewModel(vm.service(), messages, FolderOpener.system());
        containers.reportTo(vm.notifications(), vm.tasks());
        sources = new SourcesViewModel(vm.service(), SourcesViewModel::environmentRegistries);
        SourcesView view = new SourcesView(sources, messages, images,
                () -> new ContainersView(containers, messages, formats, this::imageNames).node(),
                registryView = new RegistryView(messages, sources), root::setCenter, () -> {
                    if (containers.containers().isEmpty()) containers.refresh();
                });
        sources.reloadRegistries();
        sources.selectedProperty().addListener((o, was, now) -> {
            // the containers and registry views read the store's rows too: only an engine entry shows another place
            if (now != null) vm.locationProperty().set(now.kind() == Source.Kind.ENGINE ? now.engine() : vm.storeLocation());
            showImageActions(now == null || now.kind() == Source.Kind.LOCAL || now.kind() == Source.Kind.ENGINE);
        });
        view.setDropTarget(target -> locationOf(target) != null && vm.location().canCopyTo(locationOf(target)), this::dropRows);
        dragRows();
        return view.node();
    }

    private LayersService layersService;

    /** The images of a sidebar entry, when it holds images (the store or an engine). */
    private dev.stowage.ui.images.ImageLocation locationOf(Source source) {
        return switch (source.kind()) {
            case LOCAL -> vm.storeLocation();
            case ENGINE -> source.engine();
            default -> null;
        };
    }

    /** The places the images shown can be copied to: the store and the engines, but not where they are. */
    public List<dev.stowage.ui.images.ImageLocation> copyTargets() {
        List<dev.stowage.ui.images.ImageLocation> all = new ArrayList<>();
        all.add(vm.storeLocation());
        all.addAll(sources.engines());
        return all.stream().filter(l -> l != vm.location() && vm.location().canCopyTo(l)).toList();
    }

    /** Rows dragged from the table: their selection, kept until dropped on a source. */
    private void dragRows() {
        table.setOnDragDetected(e -> {
            if (table.getSelectionModel().getSelectedItems().isEmpty() || copyTargets().isEmpty()) return;
            var board = table.startDragAndDrop(TransferMode.COPY);
            var content = new javafx.scene.input.ClipboardContent();
            content.putString(String.join("\n", table.getSelectionModel().getSelectedItems().stream().map(ImageRow::removalTarget).toList()));
            board.setContent(content);
            e.consume();
        });
    }

    /**
     * What a drop of the selected rows on a sidebar entry does: copies them there (streamed, on a background task
     * with progress and Cancel). Null when that entry cannot take them.
     */
    public javafx.concurrent.Task<Integer> dropRows(Source target) {
        var location = locationOf(target);
        if (location == null) return null;
        return vm.copy(new ArrayList<>(table.getSelectionModel().getSelectedItems()), location);
    }

    /** The local images' names, for pickers (in memory). */
    public List<String> imageNames() {
        return vm.rows().stream().filter(r -> !r.dangling()).map(r -> r.name().familiarString()).distinct().sorted().toList();
    }

    /** Re-reads images and containers (the store watcher calls this when another process changed the store). */
    public void reload() {
        if (vm.location() == vm.storeLocation()) vm.refresh();
        containers.refresh();
    }

    public LayersView layersView() {
        return layers;
    }

    public ContainersViewModel containersViewModel() {
        return containers;
    }

    public SourcesViewModel sourcesViewModel() {
        return sources;
    }

    private RegistryView registryView;

    /** The registries' browser pages. */
    public RegistryView registryView() {
        return registryView;
    }
    // --- end layers, containers, sidebar ---

    private TableView<ImageRow> table() {
        table.setId("images");
        dev.stowage.ui.TableHeaders.keepReadable(table);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(messages.get("images.empty")));

        TableColumn<ImageRow, String> repository = new TableColumn<>(messages.get("column.repository"));
        repository.setId("col-repository");
        repository.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().repository()));
        repository.setPrefWidth(280);
        TableColumn<ImageRow, String> tag = new TableColumn<>(messages.get("column.tag"));
        tag.setId("col-tag");
        tag.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().tag()));
        tag.setPrefWidth(140);
        TableColumn<ImageRow, String> id = new TableColumn<>(messages.get("column.id"));
        id.setId("col-id");
        id.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().shortId()));
        id.setPrefWidth(130);
        TableColumn<ImageRow, Instant> created = new TableColumn<>(messages.get("column.created"));
        created.setId("col-created");
        created.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().created()));
        created.setComparator((a, b) -> a == null ? (b == null ? 0 : -1) : b == null ? 1 : a.compareTo(b));
        created.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Instant item, boolean empty) {
                super.updateItem(item, empty);
                if (empty) {
                    setText(null);
                    setTooltip(null);
                } else {
                    setText(formats.ago(item, Instant.now()));
                    setTooltip(new Tooltip(formats.exact(item)));
                }
            }
        });
        created.setPrefWidth(140);
        TableColumn<ImageRow, Long> size = new TableColumn<>(messages.get("column.size"));
        size.setId("col-size");
        size.setCellValueFactory(c -> Bindings.createObjectBinding(() -> vm.sizeOf(c.getValue()), vm.sizes()));
        size.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Long item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item < 0 ? "\u2026" : formats.size(item));
            }
        });
        size.setPrefWidth(100);
        table.getColumns().addAll(List.of(repository, tag, id, created, size));

        SortedList<ImageRow> sorted = new SortedList<>(vm.visibleRows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        created.setSortType(TableColumn.SortType.DESCENDING);
        table.getSortOrder().add(created);

        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> vm.selectedProperty().set(now));
        vm.selectedProperty().addListener((o, was, now) -> {
            if (now != null && table.getSelectionModel().getSelectedItem() != now) table.getSelectionModel().select(now);
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE && !table.getSelectionModel().getSelectedItems().isEmpty()) {
                confirmRemove();
                e.consume();
            }
        });
        return table;
    }

    /**
     * The status bar (ControlsFX): the running task's title and progress, the number of images shown, and a button
     * with the number of running tasks that opens the tasks panel.
     */
    private org.controlsfx.control.StatusBar statusBar() {
        org.controlsfx.control.StatusBar bar = new org.controlsfx.control.StatusBar();
        bar.setId("statusBar");
        bar.setFocusTraversable(false);
        var current = vm.currentTaskProperty();
        bar.textProperty().bind(Bindings.createStringBinding(
                () -> current.get() == null ? "" : current.get().getTitle(), current));
        current.addListener((o, was, now) -> {
            bar.progressProperty().unbind();
            if (now != null) bar.progressProperty().bind(now.progressProperty());
            else bar.setProgress(0);
        });
        Label count = new Label();
        count.setId("count");
        count.textProperty().bind(Bindings.createStringBinding(
                () -> messages.format("status.count", vm.visibleRows().size()), vm.visibleRows()));
        ToggleButton tasks = Icons.on(new ToggleButton(), Icons.Icon.TASKS, messages.get("tasks.tooltip"));
        tasks.setId("tasksButton");
        tasks.getStyleClass().add(atlantafx.base.theme.Styles.FLAT);
        tasks.textProperty().bind(Bindings.createStringBinding(
                () -> messages.format("tasks.running", vm.tasks().runningCount().get()), vm.tasks().runningCount()));
        tasks.selectedProperty().addListener((o, was, now) -> showTasks(now));
        tasksToggle = tasks;
        bar.getRightItems().addAll(count, new javafx.scene.control.Separator(Orientation.VERTICAL), tasks);
        return bar;
    }

    private ToggleButton tasksToggle;

    /** Bottom right, above the status bar, {@code right} pixels further left (the tasks panel's width). */
    private void placeNotifications(double right) {
        StackPane.setMargin(notificationStack.node(), new javafx.geometry.Insets(0, 16 + right, 44, 0));
    }

    /** Shows or hides the tasks panel at the window's right (made the first time it is shown). */
    public void showTasks(boolean show) {
        if (tasksToggle.isSelected() != show) {
            tasksToggle.setSelected(show);
            return;
        }
        if (show && tasksPanel == null) {
            tasksPanel = new dev.stowage.ui.tasks.TasksPanel(vm.tasks(), messages,
                    t -> showErrorDetails(t.errorProperty().get(), t.task().getException()), () -> showTasks(false));
        }
        root.setRight(show ? tasksPanel.node() : null);
        // the notifications move left of the panel rather than cover it
        placeNotifications(show ? tasksPanel.node().prefWidth(-1) : 0);
    }

    private void dragAndDrop() {
        root.addEventHandler(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles() && importable(e.getDragboard().getFiles()).size() > 0) {
                e.acceptTransferModes(TransferMode.COPY);
                setDropHighlight(true);
            }
            e.consume();
        });
        root.addEventHandler(DragEvent.DRAG_EXITED, e -> setDropHighlight(false));
        root.addEventHandler(DragEvent.DRAG_DROPPED, e -> {
            boolean done = false;
            if (e.getDragboard().hasFiles()) {
                List<Path> files = e.getDragboard().getFiles().stream().map(File::toPath).toList();
                vm.importFiles(files);
                done = true;
            }
            setDropHighlight(false);
            e.setDropCompleted(done);
            e.consume();
        });
    }

    void setDropHighlight(boolean on) {
        if (on && !root.getStyleClass().contains(DROP_TARGET)) root.getStyleClass().add(DROP_TARGET);
        if (!on) root.getStyleClass().remove(DROP_TARGET);
    }

    private static List<File> importable(List<File> files) {
        return files.stream().filter(f -> MainViewModel.isImportable(f.toPath())).toList();
    }

    private void chooseFiles() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(messages.get("import.title"));
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter(messages.get("import.filter"), "*.tar", "*.tar.gz", "*.tgz", "*.tar.bz2", "*.tbz2",
                        "*.tar.xz", "*.txz", "*.tar.zst", "*.tzst"),
                new FileChooser.ExtensionFilter(messages.get("import.all"), "*"));
        Window owner = root.getScene() == null ? null : root.getScene().getWindow();
        List<File> files = chooser.showOpenMultipleDialog(owner);
        if (files != null && !files.isEmpty()) vm.importFiles(files.stream().map(File::toPath).toList());
    }

    private void confirmRemove() {
        List<ImageRow> selected = new ArrayList<>(table.getSelectionModel().getSelectedItems());
        if (selected.isEmpty()) return;
        if (removeHandler != null) {
            removeHandler.accept(selected);
            return;
        }
        String names = String.join("\n", selected.stream()
                .map(r -> r.dangling() ? r.shortId() : r.repository() + ":" + r.tag()).toList());
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, names, ButtonType.OK, ButtonType.CANCEL);
        alert.setTitle(messages.get("remove.title"));
        alert.setHeaderText(dev.stowage.ui.dialogs.RemoveDialog.header(messages, selected));
        if (root.getScene() != null) alert.initOwner(root.getScene().getWindow());
        alert.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.remove(selected));
    }

    /** For tests and the app: the table node. */
    public TableView<ImageRow> tableView() {
        return table;
    }

    // --- dialogs ---
    private java.util.function.Consumer<List<ImageRow>> removeHandler;

    /** Replaces the plain confirmation of Remove (button, Delete key) with the given one, e.g. the removal dialog. */
    public void setRemoveHandler(java.util.function.Consumer<List<ImageRow>> handler) {
        this.removeHandler = handler;
    }

    /** Adds items to the toolbar after Refresh, before the search box. */
    public void addToolbarItems(javafx.scene.Node... items) {
        addToolbarItems("refresh", items);
    }

    /** Adds items to the toolbar after the item with the id {@code afterId} (at the end when there is none). */
    public void addToolbarItems(String afterId, javafx.scene.Node... items) {
        ToolBar bar = actions;
        int at = 0;
        while (at < bar.getItems().size() && !afterId.equals(bar.getItems().get(at).getId())) at++;
        at = Math.min(at + 1, bar.getItems().size());
        bar.getItems().addAll(at, List.of(items));
    }

    /** Adds items to the toolbar before the item with the id {@code beforeId}. */
    public void addToolbarItemsBefore(String beforeId, javafx.scene.Node... items) {
        ToolBar bar = actions;
        int at = 0;
        while (at < bar.getItems().size() && !beforeId.equals(bar.getItems().get(at).getId())) at++;
        bar.getItems().addAll(at, List.of(items));
    }
    // --- end dialogs ---
}
