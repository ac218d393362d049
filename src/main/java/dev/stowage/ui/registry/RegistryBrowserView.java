package dev.stowage.ui.registry;

import dev.stowage.image.Digest;
import dev.stowage.registry.TagDetails;
import dev.stowage.ui.Formats;
import dev.stowage.ui.Messages;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.function.Function;

/**
 * The page of one registry: its repositories on the left (filter, Load more, or a repository typed where the
 * catalog is refused), the chosen repository's tags in a table whose rows read their details as they are shown,
 * and the selected tag's details below, with Pull, Delete tag and Copy reference. F5 reads the tags again.
 */
public final class RegistryBrowserView {
    private final RegistryBrowserModel model;
    private final Messages messages;
    private final Formats formats;
    private final BorderPane root = new BorderPane();
    private final TableView<TagRow> table = new TableView<>();
    private final RemoteDetailsView details;

    RegistryBrowserView(RegistryBrowserModel model, Messages messages, Formats formats) {
        this.model = model;
        this.messages = messages;
        this.formats = formats;
        this.details = new RemoteDetailsView(messages, formats);
        root.setId("registryBrowser");
        root.setTop(header());
        SplitPane tagsAndDetails = new SplitPane(tags(), details.node());
        tagsAndDetails.setOrientation(Orientation.VERTICAL);
        tagsAndDetails.setDividerPositions(0.55);
        SplitPane split = new SplitPane(repositories(), tagsAndDetails);
        split.setDividerPositions(0.28);
        root.setCenter(split);
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F5) model.reload();
        });
        model.loadMoreRepositories();
    }

    public Node node() {
        return root;
    }

    RegistryBrowserModel model() {
        return model;
    }

    private Node header() {
        Label title = new Label(messages.format("registry.title", model.registry()));
        title.setId("registryTitle");
        title.getStyleClass().add("registry-title");
        Button login = new Button(messages.get("action.login"));
        login.setId("registryLogin");
        login.visibleProperty().bind(model.loginOfferedProperty());
        login.managedProperty().bind(login.visibleProperty());
        login.setOnAction(e -> model.login());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox box = new HBox(8, title, spacer, login);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(8, 10, 8, 10));
        return box;
    }

    private Node repositories() {
        TextField filter = new TextField();
        filter.setId("repositoryFilter");
        filter.setPromptText(messages.get("browse.filter"));
        filter.textProperty().bindBidirectional(model.filterProperty());
        ListView<String> list = new ListView<>(model.repositories());
        list.setId("repositories");
        list.setPlaceholder(new Label(messages.get("browse.repositories.none")));
        // the last row shown asks for the next page, so the list grows as the user scrolls
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                if (!empty && getIndex() == l.getItems().size() - 1 && model.moreRepositoriesProperty().get()) {
                    model.loadMoreRepositories();
                }
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) model.openRepository(now);
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        Button more = new Button(messages.get("browse.more"));
        more.setId("repositoriesMore");
        more.visibleProperty().bind(model.moreRepositoriesProperty());
        more.managedProperty().bind(more.visibleProperty());
        more.setOnAction(e -> model.loadMoreRepositories());
        Label status = new Label();
        status.setId("catalogStatus");
        status.setWrapText(true);
        status.textProperty().bind(model.catalogStatusProperty());
        TextField typed = new TextField();
        typed.setId("repositoryTyped");
        typed.setPromptText(messages.get("browse.typed"));
        HBox.setHgrow(typed, Priority.ALWAYS);
        Button open = new Button(messages.get("browse.open"));
        open.setId("repositoryOpen");
        open.setOnAction(e -> model.openRepository(typed.getText()));
        typed.setOnAction(e -> model.openRepository(typed.getText()));
        HBox typedLine = new HBox(6, typed, open);
        // where the catalog is refused the typed repository comes first
        model.catalogRefusedProperty().addListener((o, was, now) -> {
            if (now) typed.requestFocus();
        });
        VBox box = new VBox(6, filter, list, more, status, new Label(messages.get("browse.typed.label")), typedLine);
        box.setPadding(new Insets(0, 6, 8, 10));
        return box;
    }

    private Node tags() {
        table.setId("tags");
        table.setItems(model.tags());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(messages.get("browse.tags.none")));
        table.getColumns().addAll(List.of(
                column("tag-name", messages.get("browse.col.tag"), 140, r -> r.tag()),
                column("tag-digest", messages.get("browse.col.digest"), 130, r -> r.details() != null
                        ? r.details().digest().toString().substring(0, 19) : r.errorProperty().get() != null ? r.errorProperty().get() : "\u2026"),
                column("tag-platforms", messages.get("browse.col.platforms"), 160, r -> r.details() == null ? "" : String.join(", ", r.details().platforms())),
                column("tag-size", messages.get("browse.col.size"), 90, r -> r.details() == null ? "" : formats.size(r.details().compressedSize())),
                column("tag-created", messages.get("browse.col.created"), 150, r -> r.details() == null ? "" : formats.exact(r.details().created()))));
        // a row shown is a row whose details are wanted: the visible rows are read first, the rest as they scroll in
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(TagRow item, boolean empty) {
                super.updateItem(item, empty);
                if (!empty && item != null) model.want(item);
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> model.selectedTagProperty().set(now));
        model.selectedTagProperty().addListener((o, was, now) -> showDetails(now));

        Label repository = new Label();
        repository.setId("tagsRepository");
        repository.getStyleClass().add("registry-title");
        repository.textProperty().bind(Bindings.createStringBinding(() -> model.repositoryProperty().get() == null
                ? messages.get("browse.chooseRepository") : model.repositoryProperty().get(), model.repositoryProperty()));
        var none = model.selectedTagProperty().isNull();
        Button pull = button("tagPull", messages.get("action.pull"), none);
        pull.setOnAction(e -> model.pull(model.selectedTagProperty().get()));
        Button delete = button("tagDelete", messages.get("browse.delete"), none);
        delete.setOnAction(e -> model.delete(model.selectedTagProperty().get(), this::confirmDelete));
        Button copy = button("tagCopyReference", messages.get("browse.copyReference"), none);
        copy.setOnAction(e -> copyReference(model.selectedTagProperty().get()));
        Label status = new Label();
        status.setId("tagsStatus");
        status.textProperty().bind(model.tagsStatusProperty());
        HBox bar = new HBox(8, repository, pull, delete, copy, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(0, 8, 6, 8));
        VBox.setVgrow(table, Priority.ALWAYS);
        return new VBox(bar, table);
    }

    private static Button button(String id, String text, javafx.beans.binding.BooleanExpression disabled) {
        Button b = new Button(text);
        b.setId(id);
        b.disableProperty().bind(disabled);
        return b;
    }

    private TableColumn<TagRow, String> column(String id, String title, double width, Function<TagRow, String> text) {
        TableColumn<TagRow, String> c = new TableColumn<>(title);
        c.setId(id);
        c.setPrefWidth(width);
        c.setCellValueFactory(v -> {
            TagRow row = v.getValue();
            return Bindings.createStringBinding(() -> text.apply(row), row.detailsProperty(), row.errorProperty());
        });
        return c;
    }

    /** The selected row's details, as soon as they are read. */
    private void showDetails(TagRow row) {
        if (row == null) {
            details.show(null, null);
            return;
        }
        details.show(model.reference(row), row.details());
        if (row.details() == null) {
            javafx.beans.value.ChangeListener<TagDetails> listener = new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends TagDetails> o, TagDetails was, TagDetails now) {
                    row.detailsProperty().removeListener(this);
                    if (model.selectedTagProperty().get() == row) details.show(model.reference(row), now);
                }
            };
            row.detailsProperty().addListener(listener);
        }
    }

    /** Asks before deleting: the digest and every tag it removes. */
    private boolean confirmDelete(Digest digest, List<String> sharing) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, messages.format("browse.delete.confirm", model.repositoryProperty().get(),
                digest.toString(), String.join(", ", sharing)), ButtonType.OK, ButtonType.CANCEL);
        alert.setTitle(messages.get("browse.delete"));
        alert.setHeaderText(messages.format("browse.delete.header", sharing.size()));
        alert.getDialogPane().setId("deleteTagDialog");
        alert.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
        if (root.getScene() != null) alert.initOwner(root.getScene().getWindow());
        return alert.showAndWait().filter(ButtonType.OK::equals).isPresent();
    }

    private void copyReference(TagRow row) {
        String reference = model.reference(row);
        ClipboardContent content = new ClipboardContent();
        content.putString(reference);
        Clipboard.getSystemClipboard().setContent(content);
        model.tagsStatusProperty().set(messages.format("info.copied", reference));
    }
}
