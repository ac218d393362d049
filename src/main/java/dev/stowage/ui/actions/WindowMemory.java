package dev.stowage.ui.actions;

import dev.stowage.ui.services.DesktopSettings;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.util.HashMap;
import java.util.Map;

/** Puts the main window where and as large as it was, and remembers that when it closes. */
public final class WindowMemory {
    static final String X = "window.x";
    static final String Y = "window.y";
    static final String WIDTH = "window.width";
    static final String HEIGHT = "window.height";
    static final String MAXIMIZED = "window.maximized";

    private WindowMemory() {
    }

    /** Restores the remembered geometry (when it is still on a screen) and saves it when the window is hidden. */
    public static void attach(Stage stage, DesktopSettings settings) {
        double w = settings.getDouble(WIDTH, -1);
        double h = settings.getDouble(HEIGHT, -1);
        double x = settings.getDouble(X, Double.NaN);
        double y = settings.getDouble(Y, Double.NaN);
        if (w > 200 && h > 150) {
            stage.setWidth(w);
            stage.setHeight(h);
        }
        if (!Double.isNaN(x) && !Double.isNaN(y) && !Screen.getScreensForRectangle(new Rectangle2D(x, y, 50, 50)).isEmpty()) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setMaximized(Boolean.parseBoolean(settings.get(MAXIMIZED, "false")));
        stage.setOnHiding(e -> remember(stage, settings));
    }

    static void remember(Stage stage, DesktopSettings settings) {
        Map<String, String> values = new HashMap<>();
        values.put(MAXIMIZED, Boolean.toString(stage.isMaximized()));
        if (!stage.isMaximized()) {
            values.put(X, Double.toString(stage.getX()));
            values.put(Y, Double.toString(stage.getY()));
            values.put(WIDTH, Double.toString(stage.getWidth()));
            values.put(HEIGHT, Double.toString(stage.getHeight()));
        }
        settings.putAll(values);
    }
}
