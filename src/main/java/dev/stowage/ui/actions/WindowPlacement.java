package dev.stowage.ui.actions;

import javafx.geometry.Rectangle2D;

import java.util.List;

/**
 * Where a window goes: its remembered bounds, moved and shrunk to lie on the visible screen it overlaps most
 * (screens may have changed since), or the default size centred on the first screen when nothing is remembered.
 */
public final class WindowPlacement {
    /** Smaller than this a remembered size is not believed (a window manager's placeholder, a broken file). */
    public static final double MIN_WIDTH = 480;
    public static final double MIN_HEIGHT = 320;

    private WindowPlacement() {
    }

    /**
     * @param remembered the bounds saved last time, or null
     * @param screens    the visible bounds of every screen (the first is the primary)
     * @param preferred  the size to open with when nothing usable is remembered
     */
    public static Rectangle2D place(Rectangle2D remembered, List<Rectangle2D> screens, double preferredWidth, double preferredHeight) {
        if (screens.isEmpty()) throw new IllegalArgumentException("no screen");
        if (remembered == null || remembered.getWidth() < MIN_WIDTH || remembered.getHeight() < MIN_HEIGHT) {
            Rectangle2D area = screens.get(0);
            double w = Math.min(preferredWidth, area.getWidth());
            double h = Math.min(preferredHeight, area.getHeight());
            return new Rectangle2D(area.getMinX() + (area.getWidth() - w) / 2, area.getMinY() + (area.getHeight() - h) / 2, w, h);
        }
        Rectangle2D area = mostOverlapped(remembered, screens);
        double w = Math.min(remembered.getWidth(), area.getWidth());
        double h = Math.min(remembered.getHeight(), area.getHeight());
        double x = clamp(remembered.getMinX(), area.getMinX(), area.getMaxX() - w);
        double y = clamp(remembered.getMinY(), area.getMinY(), area.getMaxY() - h);
        return new Rectangle2D(x, y, w, h);
    }

    private static Rectangle2D mostOverlapped(Rectangle2D r, List<Rectangle2D> screens) {
        Rectangle2D best = screens.get(0);
        double bestArea = 0;
        for (Rectangle2D s : screens) {
            double w = Math.min(r.getMaxX(), s.getMaxX()) - Math.max(r.getMinX(), s.getMinX());
            double h = Math.min(r.getMaxY(), s.getMaxY()) - Math.max(r.getMinY(), s.getMinY());
            double overlap = w > 0 && h > 0 ? w * h : 0;
            if (overlap > bestArea) {
                best = s;
                bestArea = overlap;
            }
        }
        return best;
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(v, max));
    }
}
