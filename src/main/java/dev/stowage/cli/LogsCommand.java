package dev.stowage.cli;

import dev.stowage.container.Container;
import dev.stowage.container.run.ContainerLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/** {@code stowage logs [-f] [--tail N] [-t] CONTAINER}: what the container wrote, from conmon's log. */
@Command(name = "logs", description = "Fetch the logs of a container (containers run detached or attached without -i/-t).")
final class LogsCommand extends RuntimeCommand {
    @Option(names = {"-f", "--follow"}, description = "Follow log output until the container exits.")
    boolean follow;
    @Option(names = {"-n", "--tail"}, defaultValue = "all", paramLabel = "N")
    String tail;
    @Option(names = {"-t", "--timestamps"})
    boolean timestamps;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    int execute() throws Exception {
        Container c = container(container);
        int lines;
        try {
            lines = tail.equals("all") ? -1 : Integer.parseInt(tail);
        } catch (NumberFormatException e) {
            throw new StowageCli.CommandFailure("invalid --tail value: " + tail);
        }
        new ContainerLog(runner().logFile(c)).read(lines, follow, () -> {
            try {
                return runner().producing(c);
            } catch (IOException e) {
                return false;
            }
        }, e -> {
            var w = e.stderr() ? err() : out();
            w.print(timestamps ? e.timestamp() + " " + e.text() : e.text());
            w.flush();
        });
        return 0;
    }
}
