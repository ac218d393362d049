package dev.stowage.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code stowage stop [-t SECS] CONTAINER...}: the image's StopSignal (SIGTERM), then SIGKILL after the timeout. */
@Command(name = "stop", description = "Stop one or more running containers (StopSignal, then SIGKILL after the timeout).")
final class StopCommand extends RuntimeCommand {
    @Option(names = {"-t", "--time", "--timeout"}, defaultValue = "10", paramLabel = "SECS",
            description = "Seconds to wait before killing the container (default 10; negative waits for ever).")
    int timeout;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    int execute() throws Exception {
        return eachContainer(containers, c -> runner().stop(c, timeout));
    }
}
