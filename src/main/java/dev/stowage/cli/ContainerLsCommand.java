package dev.stowage.cli;

import picocli.CommandLine.Command;

/** {@code stowage container ls} (also {@code ps}, {@code list}): the same as {@code stowage ps}. */
@Command(name = "ls", aliases = {"ps", "list"}, description = "List containers (all of them; see 'stowage ps').")
final class ContainerLsCommand extends PsCommand {
}
