package dev.stowage.ui;

import javafx.application.Platform;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** What the window does with archives a later start of the app hands it: comes to the front and imports them, as a drop does. */
public final class OpenedArchives {
    private OpenedArchives() {
    }

    /** A receiver for {@link SingleInstance#onFiles}: it may be called on any thread. */
    public static Consumer<List<Path>> into(Stage stage, MainViewModel vm) {
        return files -> Platform.runLater(() -> {
            if (stage.isIconified()) stage.setIconified(false);
            stage.toFront();
            stage.requestFocus();
            if (!files.isEmpty()) vm.importFiles(files);
        });
    }
}
