package dev.stowage.cli;

import dev.stowage.container.Container;
import dev.stowage.container.Containers;
import dev.stowage.error.ErrorText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code stowage rm CONTAINER...}: delete containers (by name, full or short ID) with their rootfs. */
@Command(name = "rm", description = "Remove one or more containers and their writable layer.")
final class RmCommand extends StoreCommand {
    @Option(names = {"-f", "--force"}, description = "Accepted for compatibility (no container is ever running).")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    int execute() throws Exception {
        Containers all = new Containers(store());
        int failures = 0;
        for (String text : containers) {
            try {
                Container c = all.find(text);
                all.remove(c);
                out().println(text);
            } catch (RuntimeException e) {
                failures++;
                err().println("Error: " + ErrorText.oneLine(e));
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
