package dev.stowage.layer;

import dev.stowage.image.Descriptor;
import dev.stowage.image.ImageConfig.HistoryEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An image's history matched to its layers (a step marked empty_layer made none), newest first, as docker lists it. */
public final class HistorySteps {
    /** One step; {@code layer} is null for a step that made no layer. */
    public record Step(Instant created, String createdBy, String comment, Descriptor layer) {
        public boolean emptyLayer() {
            return layer == null;
        }
    }

    private HistorySteps() {
    }

    public static List<Step> newestFirst(List<HistoryEntry> history, List<Descriptor> layers) {
        List<Step> steps = new ArrayList<>();
        if (history.isEmpty()) {
            for (Descriptor d : layers) steps.add(new Step(null, "", "", d));
        }
        int layer = 0;
        for (HistoryEntry h : history) {
            Descriptor made = !h.emptyLayer() && layer < layers.size() ? layers.get(layer++) : null;
            steps.add(new Step(h.created(), h.createdBy() == null ? "" : h.createdBy(), h.comment() == null ? "" : h.comment(), made));
        }
        Collections.reverse(steps);
        return steps;
    }
}
