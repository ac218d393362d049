package dev.stowage.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code stowage kill [-s SIGNAL] CONTAINER...}. */
@Command(name = "kill", description = "Send a signal (default KILL) to one or more running containers.")
final class KillCommand extends RuntimeCommand {
    @Option(names = {"-s", "--signal"}, defaultValue = "KILL", paramLabel = "SIGNAL")
    String signal;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    int execute() throws Exception {
        return eachContainer(containers, c -> runner().kill(c, signal));
    }
}
