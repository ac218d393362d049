package dev.stowage.ui.dialogs;

import dev.stowage.archive.ArchiveFormat;
import dev.stowage.image.Compression;
import dev.stowage.ui.ImageRow;
import dev.stowage.ui.Messages;
import javafx.concurrent.Task;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code docker save}: one or many images to one archive, docker or OCI format, uncompressed, gzip or zstd. The
 * file's extension follows the compression; the archive appears only when complete; Cancel stops the write.
 */
public final class ExportDialog {
    static final String FORMAT = "export.format";
    static final String COMPRESSION = "export.compression";
    static final String DIRECTORY = "export.directory";
    private static final List<Compression> COMPRESSIONS = List.of(Compression.NONE, Compression.GZIP, Compression.ZSTD);

    private final DialogContext ctx;
    private final List<ImageRow> rows;
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final ChoiceBox<ArchiveFormat> format = new ChoiceBox<>();
    private final ChoiceBox<Compression> compression = new ChoiceBox<>();
    private final TextField file = new TextField();
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = new Label();
    private final ButtonType exportButton;
    private Task<Path> running;

    public ExportDialog(DialogContext ctx, List<ImageRow> rows) {
        this.ctx = ctx;
        this.rows = List.copyOf(rows);
        Messages m = ctx.messages();
        dialog.setTitle(m.get("export.title"));
        dialog.setHeaderText(m.format("export.header", rows.size()));
        dialog.getDialogPane().setId("exportDialog");
        exportButton = new ButtonType(m.get("export.ok"), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(exportButton, ButtonType.CANCEL);

        ListView<String> images = new ListView<>();
        images.setId("exportImages");
        images.getItems().setAll(rows.stream().map(TagDialog::describe).toList());
        images.setFixedCellSize(30);
        images.setPrefHeight(Math.min(5, Math.max(2, rows.size())) * 30 + 6);

        format.setId("exportFormat");
        format.getItems().setAll(ArchiveFormat.values());
        format.setConverter(converter(f -> m.get("export.format." + f.name().toLowerCase())));
        format.setValue(parse(ArchiveFormat.class, ctx.settings().get(FORMAT, "DOCKER"), ArchiveFormat.DOCKER));
        compression.setId("exportCompression");
        compression.getItems().setAll(COMPRESSIONS);
        compression.setConverter(converter(c -> m.get("export.compression." + c.name().toLowerCase())));
        Compression remembered = parse(Compression.class, ctx.settings().get(COMPRESSION, "NONE"), Compression.NONE);
        compression.setValue(COMPRESSIONS.contains(remembered) ? remembered : Compression.NONE);

        file.setId("exportFile");
        file.setPrefColumnCount(36);
        String dir = ctx.settings().get(DIRECTORY, System.getProperty("user.home"));
        file.setText(Path.of(dir).resolve(defaultName(rows) + extension(compression.getValue())).toString());
        compression.valueProperty().addListener((o, was, now) -> file.setText(withExtension(file.getText(), now)));
        Button browse = new Button(m.get("action.browse"));
        browse.setId("exportBrowse");
        browse.setOnAction(e -> choose());
        browse.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox fileRow = new HBox(6, file, browse);
        HBox.setHgrow(file, Priority.ALWAYS);

        progress.setId("exportProgress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.setVisible(false);
        status.setId("exportStatus");

        GridPane form = Dialogs.form();
        form.addRow(0, new Label(m.get("export.images")), images);
        form.addRow(1, new Label(m.get("export.format")), format);
        form.addRow(2, new Label(m.get("export.compression")), compression);
        form.addRow(3, new Label(m.get("export.file")), fileRow);
        form.add(progress, 1, 4);
        form.add(status, 1, 5);
        dialog.getDialogPane().setContent(form);

        Button ok = (Button) dialog.getDialogPane().lookupButton(exportButton);
        ok.setId("exportOk");
        ok.disableProperty().bind(file.textProperty().isEmpty());
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            start();
        });
        Button cancel = (Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL);
        cancel.setId("exportCancel");
        cancel.addEventFilter(ActionEvent.ACTION, e -> {
            if (running != null && running.isRunning()) {
                running.cancel();
                e.consume();
            }
        });
        Dialogs.prepare(dialog, ctx.owner().get(), 620);
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T t) {
                return t == null ? "" : text.apply(t);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        };
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, E fallback) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    private static String defaultName(List<ImageRow> rows) {
        if (rows.size() != 1 || rows.get(0).dangling()) return "images";
        ImageRow r = rows.get(0);
        String repo = r.repository();
        return (repo.substring(repo.lastIndexOf('/') + 1) + "-" + r.tag()).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static String extension(Compression c) {
        return switch (c) {
            case GZIP -> ".tar.gz";
            case ZSTD -> ".tar.zst";
            default -> ".tar";
        };
    }

    static String withExtension(String path, Compression c) {
        if (path == null || path.isBlank()) return path;
        String base = path;
        for (String ext : List.of(".tar.gz", ".tgz", ".tar.zst", ".tar")) {
            if (base.toLowerCase().endsWith(ext)) {
                base = base.substring(0, base.length() - ext.length());
                break;
            }
        }
        return base + extension(c);
    }

    private void choose() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(ctx.messages().get("export.title"));
        Path current = Path.of(file.getText().isBlank() ? System.getProperty("user.home") : file.getText());
        if (current.getParent() != null && current.getParent().toFile().isDirectory()) {
            chooser.setInitialDirectory(current.getParent().toFile());
        }
        chooser.setInitialFileName(current.getFileName() == null ? "" : current.getFileName().toString());
        File chosen = chooser.showSaveDialog(Dialogs.windowOf(dialog));
        if (chosen != null) file.setText(withExtension(chosen.getPath(), compression.getValue()));
    }

    private void start() {
        Messages m = ctx.messages();
        Path target = Path.of(file.getText().trim());
        List<String> targets = rows.stream().map(ImageRow::removalTarget).toList();
        ctx.settings().putAll(Map.of(FORMAT, format.getValue().name(), COMPRESSION, compression.getValue().name(),
                DIRECTORY, target.toAbsolutePath().getParent().toString()));
        running = ctx.images().export(targets, format.getValue(), compression.getValue(), target);
        progress.setVisible(true);
        progress.progressProperty().bind(running.progressProperty());
        status.setText(m.get("export.running"));
        setBusy(true);
        Task<Path> task = running;
        Dialogs.onStore(ctx, task, done -> {
            ctx.vm().inform(m.format("info.exported", done.getFileName()));
            dialog.close();
        }, Dialogs.windowOf(dialog), m.get("error.export"));
        task.setOnFailed(e -> finish(""));
        task.setOnCancelled(e -> finish(m.get("info.cancelled")));
    }

    private void finish(String message) {
        progress.progressProperty().unbind();
        progress.setVisible(false);
        status.setText(message);
        setBusy(false);
    }

    private void setBusy(boolean busy) {
        format.setDisable(busy);
        compression.setDisable(busy);
        file.setDisable(busy);
        dialog.getDialogPane().lookupButton(exportButton).setVisible(!busy);
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
    }
}
