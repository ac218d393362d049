package dev.stowage.cli;

import dev.stowage.error.ErrorText;
import dev.stowage.container.Container;
import dev.stowage.container.run.ContainerLog;
import dev.stowage.container.run.ContainerRunner;
import dev.stowage.container.run.RunFailure;
import dev.stowage.store.StoreException;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/** Base of the commands that run containers: the runner, and docker's exit code 125 for what fails before the command runs. */
abstract class RuntimeCommand extends StoreCommand {
    private ContainerRunner runner;

    ContainerRunner runner() throws IOException {
        if (runner == null) runner = new ContainerRunner(store(), root().context.env(), root().runtimeOption);
        return runner;
    }

    Container container(String text) throws IOException {
        return runner().containers().find(text);
    }

    /** Runs {@code body}; a failure of Stowage's own is docker's 125 ({@link RunFailure} keeps its code). */
    static int as125(IoCall body) throws Exception {
        try {
            return body.call();
        } catch (RunFailure | StowageCli.CommandFailure e) {
            throw e;
        } catch (StoreException | IllegalArgumentException e) {
            throw new RunFailure(RunFailure.STOWAGE, ErrorText.oneLine(e));
        }
    }

    interface IoCall {
        int call() throws Exception;
    }

    /** Prints what the container writes in this start until it exits, then returns its exit code. */
    int attach(Container c) throws IOException {
        ContainerRunner r = runner();
        BooleanSupplier running = () -> {
            try {
                return r.producing(c);
            } catch (IOException e) {
                return false;
            }
        };
        ContainerLog.currentRun(r.logFile(c)).read(-1, true, running, e -> {
            (e.stderr() ? err() : out()).print(e.text());
            (e.stderr() ? err() : out()).flush();
        });
        return r.status(c).exitCode();
    }

    interface ContainerAction {
        void apply(Container c) throws Exception;
    }

    /** Applies {@code action} to each container, printing each name as given, or the error; 1 when any failed. */
    int eachContainer(java.util.List<String> names, ContainerAction action) throws Exception {
        int failures = 0;
        for (String text : names) {
            try {
                action.apply(container(text));
                out().println(text);
            } catch (StoreException e) {
                failures++;
                err().println("Error: " + ErrorText.oneLine(e));
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
