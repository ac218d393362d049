package dev.stowage.ui.containers;

import dev.stowage.error.ErrorText;

import java.awt.Desktop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Opens a folder in the system file manager: {@code java.awt.Desktop} when it can, else {@code xdg-open}
 * (Linux) or {@code open} (macOS); always on a thread of its own, never the FX thread.
 */
public interface FolderOpener {
    /** Opens the folder; a failure's one-line reason goes to {@code failed}, from a background thread. */
    void open(Path folder, Consumer<String> failed);

    static FolderOpener system() {
        return (folder, failed) -> {
            Thread t = new Thread(() -> {
                try {
                    if (!java.awt.GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
                            && Desktop.getDesktop().isSupported(Desktop.Action.OPEN)) {
                        Desktop.getDesktop().open(folder.toFile());
                        return;
                    }
                    String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
                    List<String> command = os.contains("mac") ? List.of("open", folder.toString())
                            : List.of("xdg-open", folder.toString());
                    Process p = new ProcessBuilder(command).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    int code = p.waitFor();
                    if (code != 0) failed.accept(command.get(0) + " exit " + code);
                } catch (IOException | RuntimeException e) {
                    failed.accept(ErrorText.oneLine(e));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stowage-open-folder");
            t.setDaemon(true);
            t.start();
        };
    }
}
