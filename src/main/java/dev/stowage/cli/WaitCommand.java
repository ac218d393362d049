package dev.stowage.cli;

import dev.stowage.container.Container;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code stowage wait CONTAINER...}: block until each stops, then print its exit code. */
@Command(name = "wait", description = "Block until one or more containers stop, then print their exit codes.")
final class WaitCommand extends RuntimeCommand {
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    int execute() throws Exception {
        for (String text : containers) {
            Container c = container(text);
            runner().waitForExit(c, Long.MAX_VALUE);
            out().println(runner().status(c).exitCode());
        }
        return 0;
    }
}
