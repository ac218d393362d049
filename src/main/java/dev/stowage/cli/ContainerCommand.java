package dev.stowage.cli;

import picocli.CommandLine.Command;

/** {@code stowage container …}: the docker-container command group (the same commands as at the top level). */
@Command(name = "container", description = "Manage containers (docker container … names).",
        subcommands = {CreateCommand.class, ContainerLsCommand.class, RmCommand.class, DiffCommand.class,
                CommitCommand.class, ExportCommand.class, ContainerInspectCommand.class, RunCommand.class,
                StartCommand.class, StopCommand.class, RestartCommand.class, KillCommand.class, PauseCommand.class,
                UnpauseCommand.class, ExecCommand.class, LogsCommand.class, WaitCommand.class, TopCommand.class})
final class ContainerCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
