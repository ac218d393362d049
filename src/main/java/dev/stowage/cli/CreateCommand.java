package dev.stowage.cli;

import dev.stowage.container.Container;
import dev.stowage.container.Containers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage create [--name NAME] IMAGE}: unpack an image into a container's writable rootfs; prints the ID. */
@Command(name = "create", description = {"Create a container: unpack an image into a writable rootfs.",
        "The rootfs is <store>/containers/<id>/rootfs: change it with any tool, then commit. Prints the container ID."})
final class CreateCommand extends StoreCommand {
    @Option(names = "--name", paramLabel = "NAME", description = "Assign a name to the container (default: a random adjective_surname).")
    String name;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Override
    int execute() throws Exception {
        Container c = new Containers(store()).create(image, name);
        out().println(c.id());
        return 0;
    }
}
