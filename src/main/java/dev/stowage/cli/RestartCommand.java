package dev.stowage.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code stowage restart [-t SECS] CONTAINER...}: stop (when running), then start detached. */
@Command(name = "restart", description = "Restart one or more containers.")
final class RestartCommand extends RuntimeCommand {
    @Option(names = {"-t", "--time", "--timeout"}, defaultValue = "10", paramLabel = "SECS")
    int timeout;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    int execute() throws Exception {
        return eachContainer(containers, c -> {
            runner().stop(c, timeout);
            runner().startDetached(c);
        });
    }
}
