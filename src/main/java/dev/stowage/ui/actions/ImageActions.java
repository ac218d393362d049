package dev.stowage.ui.actions;

import dev.stowage.store.Store;
import atlantafx.base.theme.Styles;
import dev.stowage.ui.Icons;
import dev.stowage.ui.Icons.Icon;
import dev.stowage.ui.ImageRow;
import dev.stowage.ui.MainView;
import dev.stowage.ui.MainViewModel;
import dev.stowage.ui.Messages;
import dev.stowage.ui.StoreService;
import dev.stowage.ui.images.ImageLocation;
import dev.stowage.ui.dialogs.CommitDialog;
import dev.stowage.ui.dialogs.DialogContext;
import dev.stowage.ui.dialogs.Dialogs;
import dev.stowage.ui.dialogs.ExportDialog;
import dev.stowage.ui.dialogs.LoginDialog;
import dev.stowage.ui.dialogs.PullDialog;
import dev.stowage.ui.dialogs.PushDialog;
import dev.stowage.ui.dialogs.RemoveDialog;
import dev.stowage.ui.dialogs.SettingsDialog;
import dev.stowage.ui.dialogs.TagDialog;
import dev.stowage.ui.dialogs.WelcomePane;
import dev.stowage.ui.services.DesktopSettings;
import dev.stowage.ui.services.ImageTasks;
import dev.stowage.ui.services.RegistryTasks;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The image actions of the main window — context menu, toolbar buttons, shortcuts — each opening its dialog:
 * Run…, Tag… (Ctrl+T), Push…, Export… (Ctrl+E), Create container, Copy ID, Copy digest, Remove (Delete), and Pull…,
 * Commit…, Log in…, Settings… (Ctrl+,). The empty store shows the three ways in.
 */
public final class ImageActions implements AutoCloseable {
    /** The app's look and language as chosen at start, for the Settings dialog. */
    public record Appearance(Path storeLocation, String theme, String language) {
    }

    private final MainView view;
    private final MainViewModel vm;
    private final DialogContext ctx;
    private final Appearance appearance;
    private final RegistryTasks registries;

    private ImageActions(MainView view, MainViewModel vm, DialogContext ctx, RegistryTasks registries, Appearance appearance) {
        this.view = view;
        this.vm = vm;
        this.ctx = ctx;
        this.registries = registries;
        this.appearance = appearance;
    }

    /** Builds the services and dialogs' context for the main window and installs every action on it. */
    public static ImageActions install(MainView view, MainViewModel vm, StoreService service, Map<String, String> env,
                                       DesktopSettings settings, Appearance appearance) {
        Messages messages = vm.messages();
        Store store = service.store();
        RegistryTasks registries = new RegistryTasks(env, store, messages);
        Supplier<Window> owner = () -> view.root().getScene() == null ? null : view.root().getScene().getWindow();
        DialogContext ctx = new DialogContext(owner, messages, vm, service, new ImageTasks(store, messages), registries, settings);
        ImageActions actions = new ImageActions(view, vm, ctx, registries, appearance);
        // the sidebar's registries from the same credentials and settings the dialogs use
        view.sourcesViewModel().setRegistries(() -> dev.stowage.ui.sources.SourcesViewModel.registriesOf(env));
        view.sourcesViewModel().reloadRegistries();
        view.sourcesViewModel().setBrowserHooks(new dev.stowage.ui.registry.BrowserHooks(registries::api, actions::pull,
                (registry, after) -> actions.login(registry).onLoggedIn(() -> {
                    view.sourcesViewModel().reloadRegistries();
                    after.run();
                })));
        actions.install();
        return actions;
    }

    public DialogContext context() {
        return ctx;
    }

    private TableView<ImageRow> table() {
        return view.tableView();
    }

    private List<ImageRow> selection() {
        return new ArrayList<>(table().getSelectionModel().getSelectedItems());
    }

    private ImageRow single() {
        List<ImageRow> rows = selection();
        return rows.size() == 1 ? rows.get(0) : null;
    }

    private void install() {
        Messages m = ctx.messages();
        TableView<ImageRow> table = table();
        BooleanBinding none = Bindings.isEmpty(table.getSelectionModel().getSelectedItems());
        BooleanBinding notOne = Bindings.size(table.getSelectionModel().getSelectedItems()).isNotEqualTo(1);

        MenuItem tag = item("menu-tag", m.get("action.tag"), notOne, this::tag);
        tag.setAccelerator(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN));
        MenuItem push = item("menu-push", m.get("action.push"), notOne, this::push);
        MenuItem export = item("menu-export", m.get("action.export"), none.or(unsupported(ImageLocation.Operation.EXPORT)), this::export);
        export.setAccelerator(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN));
        MenuItem create = item("menu-create", m.get("action.createContainer"),
                notOne.or(unsupported(ImageLocation.Operation.CREATE_CONTAINER)), this::createContainer);
        MenuItem run = item("menu-run", m.get("action.run"), notOne.or(unsupported(ImageLocation.Operation.CREATE_CONTAINER)),
                () -> run(single().removalTarget()));
        MenuItem copyId = item("menu-copyId", m.get("action.copyId"), notOne, () -> copy(single().id()));
        MenuItem copyDigest = item("menu-copyDigest", m.get("action.copyDigest"),
                notOne.or(Bindings.createBooleanBinding(() -> single() == null || single().digest() == null,
                        table.getSelectionModel().getSelectedItems())), () -> copy(single().digest()));
        MenuItem remove = item("menu-remove", m.get("action.remove"), none, this::remove);
        remove.setAccelerator(new KeyCodeCombination(KeyCode.DELETE));
        Menu copyTo = new Menu(m.get("action.copyTo"));
        copyTo.setId("menu-copyTo");
        copyTo.disableProperty().bind(none);
        ContextMenu menu = new ContextMenu(run, tag, push, export, create, copyTo, new SeparatorMenuItem(), copyId, copyDigest,
                new SeparatorMenuItem(), remove);
        menu.setOnShowing(e -> fillCopyTo(copyTo));
        menu.setId("imagesMenu");
        table.setContextMenu(menu);
        view.setRemoveHandler(rows -> new RemoveDialog(ctx, rows).show());
        table.setPlaceholder(WelcomePane.create(m, this::importFiles, () -> pull(null), () -> login(null)));

        MenuButton registry = new MenuButton(m.get("action.registry"));
        registry.setId("registryMenu");
        registry.getItems().addAll(
                item("registry-pull", m.get("action.pull"), null, () -> pull(null)),
                item("registry-push", m.get("action.push"), notOne, this::push),
                new SeparatorMenuItem(),
                item("registry-login", m.get("action.login"), null, () -> login(null)));
        Icons.on(tag, Icon.TAG);
        Icons.on(push, Icon.PUSH);
        Icons.on(export, Icon.EXPORT);
        Icons.on(run, Icon.RUN);
        Icons.on(create, Icon.CREATE_CONTAINER);
        Icons.on(copyTo, Icon.COPY);
        Icons.on(remove, Icon.REMOVE);
        Icons.on(registry, Icon.REGISTRY, m.get("action.registry"));
        view.addToolbarItemsBefore("import",
                button("pullButton", m.get("action.pull"), Icon.PULL, m.get("action.pull.tooltip"), null, () -> pull(null)));
        // the selection's actions: icons only, named by their tooltips
        view.addToolbarItems("selectionActions",
                iconButton("tagButton", Icon.TAG, m.get("action.tag.tooltip"), notOne, this::tag),
                iconButton("pushButton", Icon.PUSH, m.get("action.push.tooltip"), notOne, this::push),
                iconButton("exportButton", Icon.EXPORT, m.get("action.export.tooltip"),
                        none.or(unsupported(ImageLocation.Operation.EXPORT)), this::export),
                iconButton("runButton", Icon.RUN, m.get("action.run.tooltip"),
                        notOne.or(unsupported(ImageLocation.Operation.CREATE_CONTAINER)), () -> run(single().removalTarget())),
                iconButton("createButton", Icon.CREATE_CONTAINER, m.get("action.createContainer.tooltip"),
                        notOne.or(unsupported(ImageLocation.Operation.CREATE_CONTAINER)), this::createContainer));
        view.addToolbarItems(
                button("commitButton", m.get("action.commit"), Icon.COMMIT, m.get("action.commit.tooltip"), null, () -> commit(null)),
                registry,
                settingsButton(m));
        // the Containers page's Run… button opens the same dialog
        view.containersViewModel().runActionProperty().set(this::run);
        if (view.root().getScene() != null) installShortcuts(view.root().getScene());
        view.root().sceneProperty().addListener((o, was, now) -> {
            if (now != null) installShortcuts(now);
        });
    }

    private void installShortcuts(Scene scene) {
        var a = scene.getAccelerators();
        a.put(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN), this::tag);
        a.put(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN), this::export);
        a.put(new KeyCodeCombination(KeyCode.COMMA, KeyCombination.SHORTCUT_DOWN), this::settings);
    }

    /** True while the images shown live where {@code operation} is not available (an engine, for Export). */
    private BooleanBinding unsupported(ImageLocation.Operation operation) {
        return Bindings.createBooleanBinding(() -> !vm.location().supports(operation), vm.locationProperty());
    }

    /** "Copy to ▸": one item per place the selected images can go (the store, the engines), made as the menu opens. */
    private void fillCopyTo(Menu copyTo) {
        copyTo.getItems().clear();
        for (ImageLocation target : view.copyTargets()) {
            MenuItem item = new MenuItem(target.name());
            item.setId("copyTo-" + (target == vm.storeLocation() ? "local" : target.name()));
            item.setOnAction(e -> copyTo(target));
            copyTo.getItems().add(item);
        }
        if (copyTo.getItems().isEmpty()) {
            MenuItem none = new MenuItem(ctx.messages().get("action.copyTo.none"));
            none.setDisable(true);
            copyTo.getItems().add(none);
        }
    }

    /** Copies the selected images to {@code target} (streamed, in the background, with progress and Cancel). */
    public javafx.concurrent.Task<Integer> copyTo(ImageLocation target) {
        return vm.copy(selection(), target);
    }

    private static MenuItem item(String id, String text, BooleanBinding disabled, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setId(id);
        if (disabled != null) item.disableProperty().bind(disabled);
        item.setOnAction(e -> action.run());
        return item;
    }

    private static Node button(String id, String text, Icon icon, String tooltip, BooleanBinding disabled, Runnable action) {
        Button b = Icons.on(new Button(text), icon, tooltip);
        b.setId(id);
        if (disabled != null) b.disableProperty().bind(disabled);
        b.setOnAction(e -> action.run());
        return b;
    }

    private static Node iconButton(String id, Icon icon, String tooltip, BooleanBinding disabled, Runnable action) {
        Button b = (Button) button(id, null, icon, tooltip, disabled, action);
        b.getStyleClass().add(Styles.BUTTON_ICON);
        return b;
    }

    /** A gear: the toolbar has no room for one more word. */
    private Node settingsButton(Messages m) {
        Button b = Icons.on(new Button(), Icon.SETTINGS, m.get("action.settings.tooltip"));
        b.setId("settingsButton");
        b.getStyleClass().addAll("settings-button", Styles.BUTTON_ICON);
        b.setAccessibleText(m.get("action.settings"));
        b.setOnAction(e -> settings());
        return b;
    }

    private void copy(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
        vm.inform(ctx.messages().format("info.copied", text));
    }

    private void importFiles() {
        Node button = view.root().lookup("#import");
        if (button instanceof Button b) b.fire();
    }

    // ---- the dialogs, public so that other views (containers) and tests can open them

    public TagDialog tag() {
        ImageRow row = single();
        if (row == null) return null;
        TagDialog d = new TagDialog(ctx, row);
        d.show();
        return d;
    }

    public PushDialog push() {
        ImageRow row = single();
        if (row == null) return null;
        PushDialog d = new PushDialog(ctx, row);
        d.show();
        return d;
    }

    public ExportDialog export() {
        List<ImageRow> rows = selection();
        if (rows.isEmpty() || !vm.location().supports(ImageLocation.Operation.EXPORT)) return null;
        ExportDialog d = new ExportDialog(ctx, rows);
        d.show();
        return d;
    }

    public RemoveDialog remove() {
        List<ImageRow> rows = selection();
        if (rows.isEmpty()) return null;
        RemoveDialog d = new RemoveDialog(ctx, rows);
        d.show();
        return d;
    }

    public PullDialog pull(String reference) {
        PullDialog d = new PullDialog(ctx, reference);
        d.show();
        return d;
    }

    /** Opens the commit dialog with the container {@code containerId} (an ID or name; null: the newest) chosen. */
    public CommitDialog commit(String containerId) {
        CommitDialog d = new CommitDialog(ctx, containerId);
        d.show();
        return d;
    }

    public LoginDialog login(String registry) {
        LoginDialog d = new LoginDialog(ctx, registry);
        // a new login is a new registry in the sidebar
        d.onLoggedIn(view.sourcesViewModel()::reloadRegistries);
        d.show();
        return d;
    }

    public SettingsDialog settings() {
        SettingsDialog d = new SettingsDialog(ctx, appearance.storeLocation(), appearance.theme(), appearance.language());
        d.onRegistrySaved(view.sourcesViewModel()::reloadRegistries);
        d.show();
        return d;
    }

    /**
     * Opens the Run dialog on {@code image} (null: the first local image); Run starts the container on a
     * background task, then the Containers page shows it selected.
     */
    public dev.stowage.ui.containers.RunDialog run(String image) {
        var containers = view.containersViewModel();
        var d = new dev.stowage.ui.containers.RunDialog(ctx.messages(), view.imageNames(), image, System.getenv()).onRun(r -> {
            containers.run(r);
            view.sourcesViewModel().selectedProperty().set(dev.stowage.ui.sources.Source.CONTAINERS);
        });
        d.show(ctx.owner().get());
        return d;
    }

    /** Creates a working container of the selected image in the background. */
    public void createContainer() {
        ImageRow row = single();
        if (row == null || !vm.location().supports(ImageLocation.Operation.CREATE_CONTAINER)) return;
        Dialogs.onStore(ctx, ctx.images().createContainer(row.removalTarget()),
                c -> vm.inform(ctx.messages().format("info.created", c.name(), c.shortId())),
                null, ctx.messages().get("error.create"));
    }

    @Override
    public void close() {
        view.registryView().pages().close();
        registries.close();
    }
}
