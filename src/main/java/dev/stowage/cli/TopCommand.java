package dev.stowage.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code stowage top CONTAINER}: the container's processes (the runtime's ps). */
@Command(name = "top", description = "Display the running processes of a container.")
final class TopCommand extends RuntimeCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    int execute() throws Exception {
        out().print(runner().top(container(container)));
        return 0;
    }
}
