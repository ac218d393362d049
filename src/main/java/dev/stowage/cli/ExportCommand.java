package dev.stowage.cli;

import dev.stowage.container.Container;
import dev.stowage.container.Containers;
import dev.stowage.container.Exporter;
import dev.stowage.util.FileOps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** {@code stowage export [-o FILE|-] CONTAINER}: the container's filesystem as one tar, like {@code docker export}. */
@Command(name = "export", description = "Export a container's filesystem as a tar archive.")
final class ExportCommand extends StoreCommand {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE|-", description = "Write to FILE instead of standard output.")
    String output = "-";

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    int execute() throws Exception {
        Container c = new Containers(store()).find(container);
        if (output.equals("-")) {
            if (System.console() != null && root().context.binaryOut() == System.out) {
                throw new StowageCli.CommandFailure("cowardly refusing to save to a terminal. Use the -o flag or redirect");
            }
            OutputStream out = root().context.binaryOut();
            Exporter.export(c, out);
            out.flush();
            return 0;
        }
        Path target = Path.of(output).toAbsolutePath();
        Path temp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), 1 << 20)) {
                Exporter.export(c, out);
            }
            FileOps.moveAtomically(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
        return 0;
    }
}
