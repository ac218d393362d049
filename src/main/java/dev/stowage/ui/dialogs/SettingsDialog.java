package dev.stowage.ui.dialogs;

import dev.stowage.error.ErrorText;
import dev.stowage.ui.Messages;
import dev.stowage.ui.StowageApp;
import dev.stowage.ui.services.DesktopSettings;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Settings: where the store lives and the language (both from the next start), the theme (at once), and per
 * registry the "insecure" flag and an extra CA (settings.json and certs.d, as the CLI reads them).
 */
public final class SettingsDialog {
    static final List<String> THEMES = List.of("light", "dark");
    static final List<String> LANGUAGES = List.of("en", "zh-CN");

    private final DialogContext ctx;
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final TextField store = new TextField();
    private final ChoiceBox<String> theme = new ChoiceBox<>();
    private final ChoiceBox<String> language = new ChoiceBox<>();
    private final ListView<String> insecureList = new ListView<>();
    private final ComboBox<String> registry = new ComboBox<>();
    private final CheckBox insecure = new CheckBox();
    private final TextField caFile = new TextField();
    private final Label registryStatus = new Label();
    /** Registry changes made with Apply, written only on OK (Cancel drops them). */
    private final Map<String, RegistryChange> pending = new java.util.LinkedHashMap<>();
    private int caRequest;
    private Runnable onRegistrySaved = () -> { };

    private record RegistryChange(boolean insecure, Path ca) {
    }

    public SettingsDialog(DialogContext ctx, Path currentStore, String currentTheme, String currentLanguage) {
        this.ctx = ctx;
        Messages m = ctx.messages();
        dialog.setTitle(m.get("settings.title"));
        dialog.setHeaderText(m.get("settings.header"));
        dialog.getDialogPane().setId("settingsDialog");
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);

        store.setId("settingsStore");
        store.setText(ctx.settings().get(DesktopSettings.STORE, currentStore.toString()));
        Button browseStore = new Button(m.get("action.browse"));
        browseStore.setOnAction(e -> chooseStore());
        browseStore.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox storeRow = new HBox(6, store, browseStore);
        HBox.setHgrow(store, Priority.ALWAYS);

        theme.setId("settingsTheme");
        theme.getItems().setAll(THEMES);
        theme.setConverter(converter(t -> m.get("settings.theme." + t)));
        // the theme chosen since the start (saved by this dialog) is the one showing now
        String showing = ctx.settings().get(DesktopSettings.THEME, currentTheme);
        theme.setValue(THEMES.contains(showing) ? showing : "light");
        theme.valueProperty().addListener((o, was, now) -> StowageApp.applyTheme(now));
        language.setId("settingsLanguage");
        language.getItems().setAll(LANGUAGES);
        language.setConverter(converter(l -> m.get("settings.language." + l.replace('-', '_'))));
        String savedLanguage = ctx.settings().get(DesktopSettings.LANGUAGE, currentLanguage);
        language.setValue(LANGUAGES.contains(savedLanguage) ? savedLanguage : "en");

        insecureList.setId("settingsInsecure");
        insecureList.setPrefHeight(72);
        insecureList.setPlaceholder(new Label(m.get("settings.noInsecure")));
        insecureList.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) registry.getEditor().setText(now);
        });
        registry.setId("settingsRegistry");
        registry.setEditable(true);
        registry.setPromptText(m.get("settings.registryPrompt"));
        registry.setMaxWidth(Double.MAX_VALUE);
        registry.getEditor().textProperty().addListener((o, was, now) -> showRegistry(now));
        insecure.setId("settingsRegistryInsecure");
        insecure.setText(m.get("login.insecure"));
        caFile.setId("settingsCaFile");
        caFile.setPromptText(m.get("login.caPrompt"));
        Button browseCa = new Button(m.get("action.browse"));
        browseCa.setOnAction(e -> chooseCa());
        browseCa.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox caRow = new HBox(6, caFile, browseCa);
        HBox.setHgrow(caFile, Priority.ALWAYS);
        Button apply = new Button(m.get("settings.registryApply"));
        apply.setId("settingsRegistryApply");
        apply.disableProperty().bind(registry.getEditor().textProperty().isEmpty());
        apply.setOnAction(e -> applyRegistry());
        registryStatus.setId("settingsRegistryStatus");
        registryStatus.setWrapText(true);

        GridPane grid = Dialogs.form();
        int row = 0;
        grid.addRow(row++, new Label(m.get("settings.store")), storeRow);
        grid.addRow(row++, new Label(m.get("settings.theme")), theme);
        grid.addRow(row++, new Label(m.get("settings.language")), language);
        grid.add(Dialogs.hint(m.get("settings.nextStartBoth")), 1, row++);
        grid.add(new Separator(), 0, row++, 2, 1);
        Label registries = new Label(m.get("settings.registries"));
        registries.getStyleClass().add("section-title");
        grid.add(registries, 0, row++, 2, 1);
        grid.addRow(row++, new Label(m.get("settings.insecureList")), insecureList);
        grid.addRow(row++, new Label(m.get("login.registry")), registry);
        grid.add(insecure, 1, row++);
        grid.addRow(row++, new Label(m.get("login.ca")), caRow);
        grid.add(new HBox(8, apply, registryStatus), 1, row);
        dialog.getDialogPane().setContent(grid);

        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.setId("settingsOk");
        ok.addEventHandler(ActionEvent.ACTION, e -> save());
        Button cancel = (Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL);
        cancel.addEventHandler(ActionEvent.ACTION, e -> StowageApp.applyTheme(showing));
        Dialogs.prepare(dialog, ctx.owner().get(), 660);
        loadRegistries();
    }

    private static StringConverter<String> converter(java.util.function.Function<String, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(String s) {
                return s == null ? "" : text.apply(s);
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        };
    }

    private void loadRegistries() {
        var list = ctx.registries().insecureRegistries();
        list.setOnSucceeded(e -> {
            insecureList.getItems().setAll(list.getValue());
            showRegistry(registry.getEditor().getText());
        });
        list.setOnFailed(e -> registryStatus.setText(ErrorText.oneLine(list.getException())));
        ctx.registries().submit(list);
        var info = ctx.registries().credentialInfo(null);
        info.setOnSucceeded(e -> registry.getItems().setAll(info.getValue().registries()));
        ctx.registries().submit(info);
    }

    /** The insecure flag and CA of the registry typed: as changed in this dialog, else as saved. */
    private void showRegistry(String typed) {
        String host = typed == null ? "" : typed.trim();
        registryStatus.setText("");
        RegistryChange change = pending.get(host);
        int request = ++caRequest;
        if (change != null) {
            insecure.setSelected(change.insecure());
            caFile.setText(change.ca() == null ? "" : change.ca().toString());
            return;
        }
        insecure.setSelected(insecureList.getItems().contains(host));
        caFile.clear();
        if (host.isEmpty()) return;
        var ca = ctx.registries().installedCa(host);
        ca.setOnSucceeded(e -> {
            if (request == caRequest && ca.getValue() != null) caFile.setText(ca.getValue().toString());
        });
        ctx.registries().submit(ca);
    }

    /** Keeps the registry's settings for OK (nothing is written yet) and shows them in the list. */
    private void applyRegistry() {
        String host = registry.getEditor().getText().trim();
        String ca = caFile.getText() == null ? "" : caFile.getText().trim();
        pending.put(host, new RegistryChange(insecure.isSelected(), ca.isEmpty() ? null : Path.of(ca)));
        if (insecure.isSelected() && !insecureList.getItems().contains(host)) insecureList.getItems().add(host);
        if (!insecure.isSelected()) insecureList.getItems().remove(host);
        registryStatus.setText(ctx.messages().format("settings.registryPending", host));
    }

    private void save() {
        Messages m = ctx.messages();
        ctx.settings().putAll(Map.of(
                DesktopSettings.STORE, store.getText().trim(),
                DesktopSettings.THEME, theme.getValue(),
                DesktopSettings.LANGUAGE, language.getValue()));
        pending.forEach((host, change) -> Dialogs.onRegistry(ctx,
                ctx.registries().saveRegistry(host, change.insecure(), change.ca()), v -> onRegistrySaved.run(), null,
                m.format("error.settings", host)));
        ctx.vm().inform(m.get("info.settingsSaved"));
    }

    private void chooseStore() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(ctx.messages().get("settings.store"));
        File f = chooser.showDialog(Dialogs.windowOf(dialog));
        if (f != null) store.setText(f.getPath());
    }

    private void chooseCa() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(ctx.messages().get("login.ca"));
        File f = chooser.showOpenDialog(Dialogs.windowOf(dialog));
        if (f != null) caFile.setText(f.getPath());
    }

    /** Runs after each registry's settings were written. */
    public void onRegistrySaved(Runnable action) {
        onRegistrySaved = action;
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
    }
}
