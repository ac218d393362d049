package dev.stowage.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code stowage exec [-i] [-t] [-u USER] [-w DIR] [-e K=V] CONTAINER CMD...}: run a command in a running container. */
@Command(name = "exec", description = "Execute a command in a running container.")
final class ExecCommand extends RuntimeCommand {
    @Option(names = {"-i", "--interactive"})
    boolean interactive;
    @Option(names = {"-t", "--tty"})
    boolean tty;
    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]")
    String user;
    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR")
    String workdir;
    @Option(names = {"-e", "--env"}, paramLabel = "K=V")
    List<String> env = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD")
    List<String> command;

    @Override
    int execute() throws Exception {
        return as125(() -> runner().exec(container(container), tty, interactive, user, workdir,
                dev.stowage.container.run.EnvFile.resolve(env, root().context.env()), command));
    }
}
