package dev.stowage.ui;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The app's icons, one per action or kind, from Ikonli's Material Design 2 pack. They are made after the window is
 * shown (queued, then made in one go on the FX thread): loading the icon font and its handlers at start-up would
 * delay the first window.
 */
public final class Icons {
    /** What an icon stands for, and the Ikonli literal drawn for it. */
    public enum Icon {
        PULL("mdi2d-download"), PUSH("mdi2u-upload"), IMPORT("mdi2f-file-import-outline"),
        EXPORT("mdi2f-file-export-outline"), TAG("mdi2t-tag-outline"), CREATE_CONTAINER("mdi2c-cube-outline"),
        CONTAINER("mdi2c-cube-outline"), REMOVE("mdi2d-delete-outline"), PRUNE("mdi2d-delete-sweep-outline"),
        REFRESH("mdi2r-refresh"), COMMIT("mdi2s-source-commit"), SETTINGS("mdi2c-cog-outline"),
        REGISTRY("mdi2s-server-network"), LOGIN("mdi2l-login"), CLOSE("mdi2c-close"), CANCEL("mdi2c-close"),
        SUCCESS("mdi2c-check-circle-outline"), INFO("mdi2i-information-outline"), FAILURE("mdi2a-alert-circle-outline"),
        TASKS("mdi2p-progress-clock"), OPEN_FOLDER("mdi2f-folder-open-outline"), DIFF("mdi2f-file-compare"),
        COPY("mdi2c-content-copy"), IMAGE("mdi2d-database-outline"), DANGLING("mdi2e-eye-off-outline"),
        SELECTION("mdi2c-checkbox-multiple-marked-outline"), ENGINE("mdi2d-docker"),
        RUN("mdi2p-play"), START("mdi2p-play"), STOP("mdi2s-stop"), RESTART("mdi2r-restart"), PAUSE("mdi2p-pause"),
        TERMINAL("mdi2c-console");

        private final String literal;

        Icon(String literal) {
            this.literal = literal;
        }

        public String literal() {
            return literal;
        }
    }

    /** Style class of every icon the app draws (tests find them by it). */
    public static final String STYLE_CLASS = "app-icon";

    private static final List<Runnable> queued = new ArrayList<>();

    private Icons() {
    }

    /** Gives the button (or label) the icon and a tooltip; the icon comes once the window is up. */
    public static <T extends Labeled> T on(T labeled, Icon icon, String tooltip) {
        if (tooltip != null) labeled.setTooltip(new Tooltip(tooltip));
        if (labeled instanceof ButtonBase && tooltip != null && labeled.getAccessibleText() == null) labeled.setAccessibleText(tooltip);
        later(() -> labeled.setGraphic(node(icon)));
        return labeled;
    }

    public static <T extends MenuItem> T on(T item, Icon icon) {
        later(() -> item.setGraphic(node(icon)));
        return item;
    }

    /** Hands the icon's node to {@code use} once icons are made. */
    public static void with(Icon icon, Consumer<Node> use) {
        later(() -> use.accept(node(icon)));
    }

    /** The icon's node, made now (on the FX thread, when icons are needed at once). */
    public static Node node(Icon icon) {
        return Ikonli.node(icon);
    }

    /** Ikonli's classes are only loaded (and verified) when the first icon is made, not with this class. */
    private static final class Ikonli {
        static Node node(Icon icon) {
            org.kordamp.ikonli.javafx.FontIcon n = new org.kordamp.ikonli.javafx.FontIcon(icon.literal());
            n.getStyleClass().addAll(STYLE_CLASS, "icon-" + icon.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            return n;
        }
    }

    private static synchronized void later(Runnable make) {
        queued.add(make);
        if (queued.size() == 1) Platform.runLater(Icons::makeQueued);
    }

    private static void makeQueued() {
        List<Runnable> now;
        synchronized (Icons.class) {
            now = new ArrayList<>(queued);
            queued.clear();
        }
        now.forEach(Runnable::run);
    }
}
