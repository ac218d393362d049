package dev.stowage.ui.services;

import dev.stowage.progress.Cancellation;
import javafx.concurrent.Task;

/**
 * A background task whose Cancel reaches the core's work at once, from whichever thread cancels it: the work is
 * given {@link #cancellation()}, and what must be cut off (an engine's calls) registers with it.
 */
public abstract class CancellableTask<T> extends Task<T> {
    private final Cancellation cancellation = new Cancellation();

    protected final Cancellation cancellation() {
        return cancellation;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) cancellation.cancel();
        return cancelled;
    }
}
