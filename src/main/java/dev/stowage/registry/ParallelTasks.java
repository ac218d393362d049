package dev.stowage.registry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs blob transfers a few at a time; the first failure cancels the rest and is rethrown. */
public final class ParallelTasks implements AutoCloseable {
    public interface Task {
        void run() throws IOException;
    }

    private final ExecutorService pool;

    public ParallelTasks(int parallelism) {
        this.pool = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
            Thread t = new Thread(r, "stowage-transfer");
            t.setDaemon(true);
            return t;
        });
    }

    public void runAll(List<Task> tasks, Runnable onFailure) throws IOException {
        List<Future<?>> futures = new ArrayList<>();
        for (Task task : tasks) {
            futures.add(pool.submit(() -> {
                task.run();
                return null;
            }));
        }
        try {
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            onFailure.run();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cancelled");
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            onFailure.run();
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof RuntimeException re) throw re;
            throw new IOException(cause);
        }
    }

    /**
     * Stops the tasks still running and waits (up to a minute) until they have: after a failure or a cancel, none of
     * them may still write into a staging area or a sink its caller is about to throw away.
     */
    @Override
    public void close() {
        pool.shutdownNow();
        boolean interrupted = Thread.interrupted();
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        try {
            while (!pool.isTerminated() && System.nanoTime() < end) {
                try {
                    pool.awaitTermination(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
