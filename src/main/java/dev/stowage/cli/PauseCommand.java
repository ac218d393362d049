package dev.stowage.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code stowage pause CONTAINER...}: freeze every process (the runtime's cgroup freezer). */
@Command(name = "pause", description = "Pause all processes within one or more containers.")
final class PauseCommand extends RuntimeCommand {
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    int execute() throws Exception {
        return eachContainer(containers, c -> runner().pause(c));
    }
}
