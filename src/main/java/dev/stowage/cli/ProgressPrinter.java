package dev.stowage.cli;

import dev.stowage.progress.LayerProgress;
import dev.stowage.progress.LayerState;
import dev.stowage.progress.ProgressListener;
import dev.stowage.util.Human;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints per-layer progress as docker does: on a terminal one line per layer, redrawn in place with a
 * progress bar; otherwise a plain line whenever a layer's state changes (no byte counts).
 */
final class ProgressPrinter implements ProgressListener {
    private final PrintWriter out;
    private final boolean terminal;
    private final List<String> order = new ArrayList<>();
    private final Map<String, LayerProgress> latest = new HashMap<>();

    ProgressPrinter(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void onProgress(LayerProgress event) {
        LayerProgress previous = latest.put(event.id(), event);
        if (!order.contains(event.id())) {
            order.add(event.id());
            if (terminal) out.println();
        }
        if (terminal) {
            int up = order.size() - order.indexOf(event.id());
            out.print("\033[" + up + "A\r\033[2K" + line(event) + "\033[" + up + "B\r");
            out.flush();
        } else if (previous == null || previous.state() != event.state()) {
            out.println(event.id() + ": " + label(event));
            out.flush();
        }
    }

    private static String label(LayerProgress e) {
        if (e.state() == LayerState.MOUNTED && e.detail() != null) return "Mounted from " + e.detail();
        return e.state().label();
    }

    private static String line(LayerProgress e) {
        String text = e.id() + ": " + label(e);
        if ((e.state() == LayerState.PUSHING || e.state() == LayerState.DOWNLOADING || e.state() == LayerState.EXTRACTING) && e.total() > 0) {
            int width = 50;
            int filled = (int) Math.min(width, width * e.current() / e.total());
            text += " [" + "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? ">" : "") + " ".repeat(width - filled) + "] "
                    + Human.size(e.current()) + "/" + Human.size(e.total());
        }
        return text;
    }
}
