package dev.stowage.cli;

import dev.stowage.container.Container;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code stowage start [-a] [-i] CONTAINER...}: start created or stopped containers again, as run set them up. */
@Command(name = "start", description = "Start one or more created or stopped containers.")
final class StartCommand extends RuntimeCommand {
    @Option(names = {"-a", "--attach"}, description = "Attach STDOUT/STDERR and forward signals; exit with the container's code.")
    boolean attach;
    @Option(names = {"-i", "--interactive"}, description = "Attach the container's STDIN (runs it on this terminal).")
    boolean interactive;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    int execute() throws Exception {
        return as125(() -> {
            if ((attach || interactive) && containers.size() > 1) {
                throw new StowageCli.CommandFailure("you cannot start and attach multiple containers at once");
            }
            for (String text : containers) {
                Container c = container(text);
                if (interactive) {
                    int code = runner().runForeground(c);
                    if (runner().spec(c).autoRemove()) runner().remove(c, true); // as run --rm does after a foreground run
                    return code;
                }
                runner().startDetached(c);
                if (attach) return attach(c);
                out().println(text);
            }
            return 0;
        });
    }
}
