package dev.stowage.ui;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Orientation;
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
    private final TextField search = new TextField();
    private final DetailsView details;

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
            vm.errorMessageProperty().set(messages.format("error.details", ErrorText.oneLine(task.getException())));
            vm.errorCauseProperty().set(task.getException());
        });
        vm.location().submit(task);
    }

    public Parent root() {
        return root;
    }

    public Scene createScene() {
        AppFonts.apply(root);
        Scene scene = new Scene(root, 1100, 720);
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

    private ToolBar toolbar() {
        Button importButton = new Button(messages.get("action.import"));
        importButton.setId("import");
        importButton.setTooltip(new Tooltip(messages.get("action.import.tooltip")));
        importButton.setOnAction(e -> chooseFiles());
        Button remove = new Button(messages.get("action.remove"));
        remove.setId("remove");
        remove.disableProperty().bind(Bindings.isEmpty(table.getSelectionModel().getSelectedItems()));
        remove.setOnAction(e -> confirmRemove());
        Button refresh = new Button(messages.get("action.refresh"));
        refresh.setId("refresh");
        refresh.setTooltip(new Tooltip(messages.get("action.refresh.tooltip")));
        refresh.setOnAction(e -> vm.refresh());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        search.setId("search");
        search.setPromptText(messages.get("search.prompt"));
        search.setPrefColumnCount(24);
        search.textProperty().bindBidirectional(vm.searchProperty());
        ToggleButton dangling = new ToggleButton(messages.get("filter.dangling"));
        dangling.setId("showDangling");
        dangling.selectedProperty().bindBidirectional(vm.showDanglingProperty());
        return new ToolBar(importButton, remove, refresh, spacer, search, dangling);
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

    private HBox statusBar() {
        Label error = new Label();
        error.setId("error");
        error.getStyleClass().add("error-message");
        error.textProperty().bind(vm.errorMessageProperty());
        error.visibleProperty().bind(vm.errorMessageProperty().isNotNull());
        error.managedProperty().bind(error.visibleProperty());
        Button dismiss = new Button("×");
        dismiss.setId("dismissError");
        dismiss.getStyleClass().add("flat");
        dismiss.visibleProperty().bind(error.visibleProperty());
        dismiss.managedProperty().bind(error.visibleProperty());
        dismiss.setOnAction(e -> vm.dismissError());
        Label info = new Label();
        info.setId("info");
        info.textProperty().bind(vm.infoMessageProperty());
        Label count = new Label();
        count.setId("count");
        count.textProperty().bind(Bindings.createStringBinding(
                () -> messages.format("status.count", vm.visibleRows().size()), vm.visibleRows()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        TaskIndicator running = new TaskIndicator(vm.currentTaskProperty(), vm::cancel, messages, 160);
        running.title().setId("taskTitle");
        running.progress().setId("taskProgress");
        running.cancel().setId("cancel");
        HBox bar = new HBox(8, error, dismiss, info, spacer, count);
        bar.getChildren().addAll(running.nodes());
        bar.getStyleClass().add("status-bar");
        bar.setId("statusBar");
        return bar;
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
        ToolBar bar = (ToolBar) root.getTop();
        int at = 0;
        while (at < bar.getItems().size() && !"refresh".equals(bar.getItems().get(at).getId())) at++;
        at = Math.min(at + 1, bar.getItems().size());
        bar.getItems().addAll(at, List.of(items));
    }
    // --- end dialogs ---
}
