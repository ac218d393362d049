package dev.stowage.cli;

import dev.stowage.container.Container;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code stowage rm [-f] CONTAINER...}: delete containers (by name, full or short ID) with their rootfs; a running one only with -f. */
@Command(name = "rm", description = "Remove one or more containers and their writable layer.")
final class RmCommand extends RuntimeCommand {
    @Option(names = {"-f", "--force"}, description = "Force the removal of a running container (uses SIGKILL).")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    int execute() throws Exception {
        int failures = 0;
        for (String text : containers) {
            try {
                Container c = container(text);
                runner().remove(c, force);
                out().println(text);
            } catch (RuntimeException e) {
                failures++;
                err().println("Error: " + StowageCli.message(e));
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
