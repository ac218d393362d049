package dev.stowage;

import dev.stowage.cli.DesktopRequest;
import dev.stowage.cli.StowageCli;
import dev.stowage.error.ErrorText;

import java.util.Optional;

/**
 * Entry point of the jar. It does not extend a JavaFX class, so the shaded jar starts on a plain JVM.
 * With no command — no arguments, {@code --store DIR}, image archives to import — it opens the desktop app (or hands
 * the archives to the app already running on that store); with a command it runs the CLI.
 */
public final class Launcher {
    /** Held so that the level set on it is not lost when the logger is collected. */
    private static final java.util.logging.Logger QUIET_JAVAFX_LOGGER = java.util.logging.Logger.getLogger("javafx");

    private Launcher() {
    }

    public static void main(String[] args) {
        Optional<DesktopRequest> desktop = DesktopRequest.of(args);
        if (desktop.isEmpty()) {
            StowageCli.main(args);
            return;
        }
        if (desktop.get().store() != null) System.setProperty("stowage.store", desktop.get().store().toAbsolutePath().toString());
        // JavaFX warns that it runs from the class path ("unsupported configuration"), which is how a
        // single jar runs it and harmless; users should not see that on every start.
        QUIET_JAVAFX_LOGGER.setLevel(java.util.logging.Level.SEVERE);
        try {
            dev.stowage.ui.StowageApp.open(desktop.get().files());
        } catch (Throwable e) {
            System.err.println("Error: cannot open the desktop app: " + reason(e) + "; run 'stowage --help' for the CLI");
            System.exit(1);
        }
        System.exit(0);
    }

    /** The innermost cause: what JavaFX failed on (no display, a missing library), not the wrapper around it. */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return ErrorText.firstLine(ErrorText.oneLine(root));
    }
}
