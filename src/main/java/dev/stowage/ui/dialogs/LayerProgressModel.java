package dev.stowage.ui.dialogs;

import dev.stowage.progress.LayerProgress;
import dev.stowage.progress.LayerState;
import dev.stowage.progress.ProgressListener;
import javafx.application.Platform;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The per-layer progress of a push or pull as JavaFX properties. Events arrive on worker threads, many per
 * second; the latest per layer is kept and applied on the FX thread at most once per pulse-sized batch, so the
 * FX thread does a little work now and then rather than one call per network read.
 */
public final class LayerProgressModel implements ProgressListener {
    /** One layer's row: short ID, state, bytes done of total (-1: unknown), detail such as "Mounted from" repo. */
    public static final class Row {
        private final String id;
        private final SimpleObjectProperty<LayerState> state = new SimpleObjectProperty<>();
        private final SimpleLongProperty current = new SimpleLongProperty(-1);
        private final SimpleLongProperty total = new SimpleLongProperty(-1);
        private final SimpleStringProperty detail = new SimpleStringProperty();

        Row(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public SimpleObjectProperty<LayerState> stateProperty() {
            return state;
        }

        public LongProperty currentProperty() {
            return current;
        }

        public LongProperty totalProperty() {
            return total;
        }

        public SimpleStringProperty detailProperty() {
            return detail;
        }

        /** 0..1 for this layer; -1 while unknown (waiting, preparing). */
        public double fraction() {
            LayerState s = state.get();
            if (s != null && s.done() && s != LayerState.FAILED) return 1;
            if (total.get() > 0 && current.get() >= 0) return Math.min(1, current.get() / (double) total.get());
            return s == null ? -1 : 0;
        }
    }

    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final Map<String, Row> byId = new LinkedHashMap<>();
    private final Map<String, LayerProgress> latest = new LinkedHashMap<>();
    /** Layers that got past Waiting and Preparing at least once (a retried layer may report Preparing again). */
    private final Set<String> started = new HashSet<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ReadOnlyDoubleWrapper overall = new ReadOnlyDoubleWrapper(this, "overall", 0);
    private final SimpleLongProperty bytesDone = new SimpleLongProperty(0);
    private final SimpleLongProperty bytesTotal = new SimpleLongProperty(0);

    @Override
    public void onProgress(LayerProgress event) {
        synchronized (latest) {
            LayerProgress before = latest.get(event.id());
            // a byte count from an earlier event stays known when a later one carries none
            if (before != null && event.total() < 0 && before.total() >= 0) {
                event = new LayerProgress(event.id(), event.state(), event.state().done() ? before.total() : before.current(),
                        before.total(), event.detail());
            }
            latest.put(event.id(), event);
            if (event.state() != LayerState.WAITING && event.state() != LayerState.PREPARING) started.add(event.id());
        }
        if (scheduled.compareAndSet(false, true)) Platform.runLater(this::apply);
    }

    private void apply() {
        scheduled.set(false);
        Map<String, LayerProgress> batch;
        synchronized (latest) {
            batch = new LinkedHashMap<>(latest);
        }
        for (LayerProgress e : batch.values()) {
            Row row = byId.get(e.id());
            if (row == null) {
                row = new Row(e.id());
                byId.put(e.id(), row);
                rows.add(row);
            }
            row.state.set(e.state());
            if (e.total() >= 0) row.total.set(e.total());
            if (e.current() >= 0) row.current.set(e.current());
            if (e.state().done() && row.total.get() >= 0) row.current.set(row.total.get());
            row.detail.set(e.detail());
        }
        double sum = 0;
        long done = 0;
        long total = 0;
        for (Row r : rows) {
            sum += Math.max(0, r.fraction());
            if (r.total.get() > 0) {
                total += r.total.get();
                done += Math.max(0, Math.min(r.current.get(), r.total.get()));
            }
        }
        overall.set(rows.isEmpty() ? 0 : sum / rows.size());
        bytesDone.set(done);
        bytesTotal.set(total);
    }

    /**
     * After the whole operation failed: every layer still under way is marked Failed with {@code cause} (the one
     * line why), every layer not started yet Failed with {@code notStarted}, so no row is left at "Compressing".
     * On the FX thread.
     */
    public void failUnfinished(String cause, String notStarted) {
        synchronized (latest) {
            // the events not yet applied to the rows are the newest word on each layer
            for (LayerProgress p : List.copyOf(latest.values())) {
                LayerState s = p.state();
                boolean failedWithoutWhy = s == LayerState.FAILED && p.detail() == null;
                if (s.done() && !failedWithoutWhy) continue;
                latest.put(p.id(), new LayerProgress(p.id(), LayerState.FAILED, p.current(), p.total(),
                        failedWithoutWhy || started.contains(p.id()) ? cause : notStarted));
            }
        }
        apply();
    }

    public ObservableList<Row> rows() {
        return rows;
    }

    /** 0..1 over all layers known so far, each counting the same. */
    public ReadOnlyDoubleProperty overallProperty() {
        return overall.getReadOnlyProperty();
    }

    public SimpleLongProperty bytesDoneProperty() {
        return bytesDone;
    }

    public SimpleLongProperty bytesTotalProperty() {
        return bytesTotal;
    }
}
