package dev.stowage.ui.dialogs;

import dev.stowage.error.ErrorText;
import dev.stowage.registry.credentials.RegistryKeys;
import dev.stowage.registry.credentials.StoreResult;
import dev.stowage.ui.Messages;
import dev.stowage.ui.services.RegistryTasks;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;

import java.io.File;
import java.nio.file.Path;

/**
 * {@code docker login}: registry, user name and password (masked, and forgotten when the dialog closes), a Test
 * button that runs the registry's auth flow without storing anything, and where the secret will be kept — the
 * configured credential helper, or config.json with docker's warning. A CA file and the "insecure registry"
 * choice are applied (settings.json, certs.d) before the check.
 */
public final class LoginDialog {
    private final DialogContext ctx;
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final ComboBox<String> registry = new ComboBox<>();
    private final TextField username = new TextField();
    private final PasswordField password = new PasswordField();
    private final TextField caFile = new TextField();
    private final CheckBox insecure = new CheckBox();
    private final Label storage = new Label();
    private final Label status = new Label();
    private final ButtonType loginButton;
    private final ButtonType testButton;
    private int infoRequest;
    private Runnable onLoggedIn = () -> { };

    public LoginDialog(DialogContext ctx, String initialRegistry) {
        this.ctx = ctx;
        Messages m = ctx.messages();
        dialog.setTitle(m.get("login.title"));
        dialog.setHeaderText(m.get("login.header"));
        dialog.getDialogPane().setId("loginDialog");
        loginButton = new ButtonType(m.get("login.ok"), ButtonBar.ButtonData.OK_DONE);
        testButton = new ButtonType(m.get("login.test"), ButtonBar.ButtonData.LEFT);
        dialog.getDialogPane().getButtonTypes().addAll(testButton, loginButton, ButtonType.CANCEL);

        registry.setId("loginRegistry");
        registry.setEditable(true);
        registry.setMaxWidth(Double.MAX_VALUE);
        registry.getEditor().setText(initialRegistry == null ? RegistryKeys.DOCKER_HUB : initialRegistry);
        username.setId("loginUsername");
        password.setId("loginPassword");
        caFile.setId("loginCaFile");
        caFile.setPromptText(m.get("login.caPrompt"));
        Button browse = new Button(m.get("action.browse"));
        browse.setId("loginCaBrowse");
        browse.setOnAction(e -> chooseCa());
        browse.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox caRow = new HBox(6, caFile, browse);
        HBox.setHgrow(caFile, Priority.ALWAYS);
        insecure.setId("loginInsecure");
        insecure.setText(m.get("login.insecure"));
        storage.setId("loginStorage");
        storage.setWrapText(true);
        storage.setMaxWidth(520);
        status.setId("loginStatus");
        status.setWrapText(true);
        status.setMaxWidth(520);

        GridPane form = Dialogs.form();
        form.addRow(0, new Label(m.get("login.registry")), registry);
        form.addRow(1, new Label(m.get("login.username")), username);
        form.addRow(2, new Label(m.get("login.password")), password);
        form.addRow(3, new Label(m.get("login.ca")), caRow);
        form.add(insecure, 1, 4);
        form.add(Dialogs.hint(m.get("login.insecureHint")), 1, 5);
        form.add(storage, 0, 6, 2, 1);
        form.add(status, 0, 7, 2, 1);
        dialog.getDialogPane().setContent(form);

        Button ok = (Button) dialog.getDialogPane().lookupButton(loginButton);
        ok.setId("loginOk");
        Button test = (Button) dialog.getDialogPane().lookupButton(testButton);
        test.setId("loginTestButton");
        var incomplete = username.textProperty().isEmpty().or(password.textProperty().isEmpty())
                .or(registry.getEditor().textProperty().isEmpty());
        ok.disableProperty().bind(incomplete);
        test.disableProperty().bind(incomplete);
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            login();
        });
        test.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            test();
        });
        registry.getEditor().textProperty().addListener((o, was, now) -> loadInfo());
        dialog.setOnHidden(e -> password.clear());
        Dialogs.prepare(dialog, ctx.owner().get(), 640);
        dialog.setOnShown(e -> (username.getText().isEmpty() ? username : password).requestFocus());
        loadInfo();
    }

    /** Where the secret would go for the registry typed, and the registries to choose from (read in the background). */
    private void loadInfo() {
        Messages m = ctx.messages();
        int request = ++infoRequest;
        String reg = registry.getEditor().getText();
        var task = ctx.registries().credentialInfo(reg);
        task.setOnSucceeded(e -> {
            if (request != infoRequest) return;
            RegistryTasks.CredentialInfo info = task.getValue();
            if (registry.getItems().isEmpty() && !info.registries().isEmpty()) {
                String typed = registry.getEditor().getText();
                registry.getItems().setAll(info.registries());
                registry.getEditor().setText(typed);
            }
            storage.getStyleClass().remove("warning");
            if (info.helper().isPresent()) {
                storage.setText(m.format("login.storeHelper", info.helper().get()));
            } else {
                storage.setText(m.format("login.storeFile", info.configFile().toString()));
                storage.getStyleClass().add("warning");
            }
        });
        task.setOnFailed(e -> {
            if (request == infoRequest) storage.setText(ErrorText.oneLine(task.getException()));
        });
        ctx.registries().submit(task);
    }

    private void chooseCa() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(ctx.messages().get("login.ca"));
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter(ctx.messages().get("login.caFilter"), "*.crt", "*.pem"),
                new FileChooser.ExtensionFilter(ctx.messages().get("import.all"), "*"));
        File f = chooser.showOpenDialog(Dialogs.windowOf(dialog));
        if (f != null) caFile.setText(f.getPath());
    }

    private RegistryTasks.LoginRequest request() {
        String ca = caFile.getText() == null ? "" : caFile.getText().trim();
        return new RegistryTasks.LoginRequest(registry.getEditor().getText().trim(), username.getText().trim(),
                password.getText(), ca.isEmpty() ? null : Path.of(ca), insecure.isSelected());
    }

    private void test() {
        Messages m = ctx.messages();
        var request = request();
        setBusy(true);
        status.setText(m.format("login.testing", request.registry()));
        status.getStyleClass().removeAll("field-error", "field-ok");
        var task = ctx.registries().testLogin(request);
        ctx.vm().watch(task);
        task.setOnSucceeded(e -> {
            setBusy(false);
            status.setText(m.format("login.testOk", request.registry()));
            status.getStyleClass().add("field-ok");
        });
        task.setOnFailed(e -> {
            setBusy(false);
            status.setText(m.format("login.testFailed", ErrorText.oneLine(task.getException())));
            status.getStyleClass().add("field-error");
        });
        ctx.registries().submit(task);
    }

    private void login() {
        Messages m = ctx.messages();
        var request = request();
        setBusy(true);
        status.setText(m.format("login.testing", request.registry()));
        status.getStyleClass().removeAll("field-error", "field-ok");
        var task = ctx.registries().login(request);
        Dialogs.onRegistry(ctx, task, (StoreResult where) -> {
            String info = where.unencrypted() ? m.format("info.loginUnencrypted", where.file().toString())
                    : m.format("info.loginHelper", where.helper());
            ctx.vm().inform(info);
            dialog.close();
            onLoggedIn.run();
        }, Dialogs.windowOf(dialog), m.format("error.login", request.registry()));
        task.setOnFailed(e -> {
            setBusy(false);
            status.setText(m.format("login.testFailed", ErrorText.oneLine(task.getException())));
            status.getStyleClass().add("field-error");
        });
    }

    private void setBusy(boolean busy) {
        registry.setDisable(busy);
        username.setDisable(busy);
        password.setDisable(busy);
        caFile.setDisable(busy);
        insecure.setDisable(busy);
    }

    /** Runs after the credentials were stored (the sidebar lists the registry then). */
    public void onLoggedIn(Runnable action) {
        onLoggedIn = action;
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
    }
}
