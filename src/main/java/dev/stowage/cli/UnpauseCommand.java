package dev.stowage.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code stowage unpause CONTAINER...}. */
@Command(name = "unpause", description = "Unpause all processes within one or more containers.")
final class UnpauseCommand extends RuntimeCommand {
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    int execute() throws Exception {
        return eachContainer(containers, c -> runner().unpause(c));
    }
}
