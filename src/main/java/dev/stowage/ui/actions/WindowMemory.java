package dev.stowage.ui.actions;

import dev.stowage.ui.services.DesktopSettings;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

import java.util.HashMap;
import java.util.Map;

/**
 * Puts the main window where and as large as it was, maximized if it was (see {@link WindowPlacement}), and
 * remembers that when it closes: the bounds it had before it was maximized, so un-maximizing next time
 * gives them back.
 */
public final class WindowMemory {
    static final String X = "window.x";
    static final String Y = "window.y";
    static final String WIDTH = "window.width";
    static final String HEIGHT = "window.height";
    static final String MAXIMIZED = "window.maximized";
    static final double DEFAULT_WIDTH = 1200;
    static final double DEFAULT_HEIGHT = 760;

    private Rectangle2D normal;

    private WindowMemory() {
    }

    /** Sizes and places the stage (call before it is shown) and saves its geometry when it is hidden. */
    public static void attach(Stage stage, DesktopSettings settings) {
        WindowMemory memory = new WindowMemory();
        Rectangle2D placed = WindowPlacement.place(remembered(settings),
                Screen.getScreens().stream().map(Screen::getVisualBounds).toList(), DEFAULT_WIDTH, DEFAULT_HEIGHT);
        // explicit bounds on the stage itself: a window manager otherwise may open a never-shown window at its own
        // small default instead of the scene's size
        stage.setX(placed.getMinX());
        stage.setY(placed.getMinY());
        stage.setWidth(placed.getWidth());
        stage.setHeight(placed.getHeight());
        stage.setMinWidth(WindowPlacement.MIN_WIDTH);
        stage.setMinHeight(WindowPlacement.MIN_HEIGHT);
        memory.normal = placed;
        boolean maximized = Boolean.parseBoolean(settings.get(MAXIMIZED, "false"));
        Runnable track = () -> {
            if (stage.isShowing() && !stage.isMaximized() && !stage.isIconified() && !stage.isFullScreen()) {
                memory.normal = new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
            }
        };
        stage.xProperty().addListener((o, was, now) -> track.run());
        stage.yProperty().addListener((o, was, now) -> track.run());
        stage.widthProperty().addListener((o, was, now) -> track.run());
        stage.heightProperty().addListener((o, was, now) -> track.run());
        stage.setOnHiding(e -> memory.remember(stage, settings));
        // GTK under a window manager answers the first map with a 200×200 configure and the stage takes it:
        // put the placed bounds back once the window is up, and maximize only then (asked before, it is lost too)
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> Platform.runLater(() -> {
            if (stage.isFullScreen()) return;
            if (stage.getX() != placed.getMinX()) stage.setX(placed.getMinX());
            if (stage.getY() != placed.getMinY()) stage.setY(placed.getMinY());
            if (stage.getWidth() != placed.getWidth()) stage.setWidth(placed.getWidth());
            if (stage.getHeight() != placed.getHeight()) stage.setHeight(placed.getHeight());
            if (maximized) {
                // GTK drops a maximize asked before the window manager has framed the window
                var later = new javafx.animation.PauseTransition(javafx.util.Duration.millis(200));
                later.setOnFinished(f -> {
                    stage.setMaximized(false);
                    stage.setMaximized(true);
                });
                later.play();
            }
        }));
    }

    private static Rectangle2D remembered(DesktopSettings settings) {
        double w = settings.getDouble(WIDTH, -1);
        double h = settings.getDouble(HEIGHT, -1);
        double x = settings.getDouble(X, Double.NaN);
        double y = settings.getDouble(Y, Double.NaN);
        if (w <= 0 || h <= 0 || Double.isNaN(x) || Double.isNaN(y)) return null;
        return new Rectangle2D(x, y, w, h);
    }

    private void remember(Stage stage, DesktopSettings settings) {
        Map<String, String> values = new HashMap<>();
        values.put(MAXIMIZED, Boolean.toString(stage.isMaximized()));
        Rectangle2D r = stage.isMaximized() || stage.isIconified() ? normal
                : new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
        values.put(X, Double.toString(r.getMinX()));
        values.put(Y, Double.toString(r.getMinY()));
        values.put(WIDTH, Double.toString(r.getWidth()));
        values.put(HEIGHT, Double.toString(r.getHeight()));
        settings.putAll(values);
    }
}
