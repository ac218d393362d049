package dev.stowage.cli;

import picocli.CommandLine.Command;

/** {@code stowage image …}: the docker-image command group, with the top-level commands as its members. */
@Command(name = "image", description = "Manage images (docker image … names).",
        subcommands = {PruneCommand.class, ImagesCommand.class, LoadCommand.class, SaveCommand.class,
                TagCommand.class, RmiCommand.class, HistoryCommand.class, InspectCommand.class, ImportCommand.class})
final class ImageCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
