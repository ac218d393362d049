package dev.stowage.progress;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A request to stop, made from any thread (the app's Cancel) and honoured by the work: it {@link #check()}s between
 * steps, and what may block (a pool of readers, an HTTP call, an engine stream) registers with {@link #onCancel} how
 * to cut itself off. Stopped work throws {@code InterruptedIOException("cancelled")}, which
 * {@link dev.stowage.error.ErrorText} shows as "cancelled"; what it wrote is rolled back as for any failure.
 */
public final class Cancellation {
    private final List<Runnable> hooks = new ArrayList<>();
    private volatile boolean cancelled;

    /** Asks the work to stop and runs the registered hooks, once; later calls do nothing. */
    public void cancel() {
        List<Runnable> run;
        synchronized (hooks) {
            if (cancelled) return;
            cancelled = true;
            run = List.copyOf(hooks);
            hooks.clear();
        }
        run.forEach(Runnable::run);
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Throws once cancelled. */
    public void check() throws InterruptedIOException {
        if (cancelled) throw new InterruptedIOException("cancelled");
    }

    /** Runs {@code hook} when cancelled (at once if it already is), on the thread that cancels. */
    public void onCancel(Runnable hook) {
        synchronized (hooks) {
            if (!cancelled) {
                hooks.add(hook);
                return;
            }
        }
        hook.run();
    }
}
