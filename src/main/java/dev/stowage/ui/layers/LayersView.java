package dev.stowage.ui.layers;

import dev.stowage.layer.ChangeKind;
import dev.stowage.store.LocalImage;
import dev.stowage.ui.Formats;
import dev.stowage.ui.Messages;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.Locale;

/**
 * The Layers tab of the image details: the layer stack with the image's efficiency on the left, the
 * selected layer's file tree on the right with the mode switch and the change-kind toggles. The layers are
 * read only while the tab is showing, on a background task with progress and Cancel.
 */
public final class LayersView {
    private final LayersViewModel vm;
    private final Messages messages;
    private final Formats formats;
    private final Tab tab;
    private FileTreeTable tree;
    private LayersRequest wanted;

    /** The tab's content is made when the tab is first selected: nothing of it costs start-up time. */
    public LayersView(LayersViewModel vm, Messages messages, Formats formats) {
        this.vm = vm;
        this.messages = messages;
        this.formats = formats;
        tab = new Tab(messages.get("details.layers"));
        tab.setId("tab-layers");
        tab.selectedProperty().addListener((o, was, now) -> {
            if (!now) return;
            if (tab.getContent() == null) tab.setContent(build());
            vm.load(wanted);
        });
    }

    private BorderPane build() {
        LayerStackView stack = new LayerStackView(vm, messages, formats);
        EfficiencyView efficiency = new EfficiencyView(vm, messages, formats);
        VBox.setVgrow(stack.node(), Priority.ALWAYS);
        SplitPane left = new SplitPane(stack.node(), efficiency.node());
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.6);

        tree = new FileTreeTable(messages, formats::size, true);
        tree.node().setId("layerTree");
        ToggleGroup mode = new ToggleGroup();
        ToggleButton changes = new ToggleButton(messages.get("layers.mode.changes"));
        changes.setId("modeChanges");
        ToggleButton merged = new ToggleButton(messages.get("layers.mode.merged"));
        merged.setId("modeMerged");
        changes.setToggleGroup(mode);
        merged.setToggleGroup(mode);
        changes.setSelected(true);
        mode.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) was.setSelected(true); // one of the two is always on
            else vm.mergedProperty().set(now == merged);
        });
        HBox bar = new HBox(6, changes, merged, spacer());
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox kinds = new HBox(12);
        kinds.setAlignment(Pos.CENTER_LEFT);
        for (ChangeKind kind : ChangeKind.values()) {
            String key = kind.name().toLowerCase(Locale.ROOT);
            CheckBox show = new CheckBox(messages.get("change." + key));
            show.setId("show-" + key);
            show.getStyleClass().addAll("kind-toggle", FileTreeTable.style(kind));
            show.selectedProperty().bindBidirectional(vm.shownProperty(kind));
            show.selectedProperty().addListener((o, was, now) -> tree.setMask(vm.mask()));
            kinds.getChildren().add(show);
        }
        vm.treeProperty().addListener((o, was, now) -> tree.show(now, vm.mask()));
        VBox.setVgrow(tree.node(), Priority.ALWAYS);
        javafx.scene.layout.FlowPane tools = new javafx.scene.layout.FlowPane(12, 6, bar, kinds);
        VBox right = new VBox(6, tools, tree.node());
        right.setPadding(new Insets(0, 0, 0, 4));

        SplitPane split = new SplitPane(left, right);
        split.setDividerPositions(0.38);
        BorderPane pane = new BorderPane(split);
        VBox top = new VBox(4, statusLine(), efficiency.figures());
        top.setPadding(new Insets(0, 0, 6, 0));
        pane.setTop(top);
        pane.setPadding(new Insets(6));
        return pane;
    }

    private HBox statusLine() {
        Label task = new Label();
        task.setId("layersTask");
        ProgressBar progress = new ProgressBar();
        progress.setPrefWidth(140);
        Button cancel = new Button(messages.get("action.cancel"));
        cancel.setId("layersCancel");
        cancel.setOnAction(e -> vm.cancel());
        Label error = new Label();
        error.setId("layersError");
        error.getStyleClass().add("error-message");
        error.textProperty().bind(vm.errorProperty());
        HBox line = new HBox(8, task, progress, cancel, error);
        line.setAlignment(Pos.CENTER_LEFT);
        line.setPadding(new Insets(0, 0, 6, 0));
        vm.loadingProperty().addListener((o, was, now) -> {
            task.textProperty().unbind();
            progress.progressProperty().unbind();
            if (now != null) {
                task.textProperty().bind(now.titleProperty());
                progress.progressProperty().bind(now.progressProperty());
            }
        });
        for (var node : new javafx.scene.Node[]{task, progress, cancel}) {
            node.visibleProperty().bind(vm.loadingProperty().isNotNull());
            node.managedProperty().bind(node.visibleProperty());
        }
        line.visibleProperty().bind(vm.loadingProperty().isNotNull().or(vm.errorProperty().isNotNull()));
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }

    private static Region spacer() {
        Region r = new Region();
        r.setMinWidth(12);
        return r;
    }

    public Tab tab() {
        return tab;
    }

    /** The image whose layers to show; read now when the tab is showing, else when it is next selected. */
    public void show(LocalImage image) {
        show(image == null ? null : vm.request(image));
    }

    /** The layers to show (of the store or of an engine); read now when the tab is showing, else when it is next selected. */
    public void show(LayersRequest request) {
        wanted = request;
        if (tab.isSelected()) vm.load(request);
        else if (request == null) vm.load((LayersRequest) null);
    }

    /** The file tree; null until the tab was first selected. */
    public FileTreeTable tree() {
        return tree;
    }

    public LayersViewModel viewModel() {
        return vm;
    }
}
