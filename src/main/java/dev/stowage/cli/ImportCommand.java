package dev.stowage.cli;

import dev.stowage.container.Importer;
import dev.stowage.image.Reference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code stowage import FILE|- [REPO[:TAG]]}: a one-layer image from a rootfs tarball, like {@code docker import}. */
@Command(name = "import", description = {"Import the contents of a tarball (plain, gzip, bzip2, xz or zstd) to create a filesystem image.",
        "Prints sha256:<image id>."})
final class ImportCommand extends StoreCommand {
    @Option(names = {"-c", "--change"}, paramLabel = "CHANGE", description = "Apply a Dockerfile instruction to the image config (repeatable).")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-m", "--message"}, paramLabel = "MESSAGE", description = "Set the commit message (default: \"Imported from FILE\").")
    String message;

    @Parameters(index = "0", paramLabel = "FILE|-")
    String file;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPO[:TAG]")
    String repository;

    @Override
    int execute() throws Exception {
        Reference name = repository == null ? null : newTagName(repository);
        Long epoch = CommitCommand.sourceDateEpoch(root().context.env());
        Importer importer = new Importer(store());
        Importer.Request request = new Importer.Request(file, changes, message, name, epoch);
        dev.stowage.image.Digest id;
        if (file.equals("-")) {
            if (System.console() != null && root().context.in() == System.in) {
                throw new StowageCli.CommandFailure("requested import from stdin, but stdin is a terminal; give a FILE or redirect");
            }
            id = importer.importTarball(root().context.in(), request);
        } else {
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                id = importer.importTarball(in, request);
            }
        }
        out().println(id);
        return 0;
    }
}
