package dev.stowage;

import dev.stowage.cli.StowageCli;

/**
 * Entry point of the jar. It does not extend a JavaFX class, so the shaded jar starts on a plain JVM;
 * with no arguments it will open the desktop app once there is one, and prints the CLI usage until then.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        StowageCli.main(args);
    }
}
