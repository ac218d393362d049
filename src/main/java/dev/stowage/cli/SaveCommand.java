package dev.stowage.cli;

import dev.stowage.archive.ArchiveFormat;
import dev.stowage.archive.ArchiveSaver;
import dev.stowage.archive.ArchiveWriter;
import dev.stowage.progress.Cancellation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code stowage save}: like {@code docker save}. The file appears only when complete (written beside it
 * under a temporary name, then renamed); a name ending in {@code .gz} or {@code .zst} compresses the archive.
 */
@Command(name = "save", description = "Save images to a tar archive (docker-archive by default, or OCI).")
final class SaveCommand extends StoreCommand {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE|-", description = "Write to FILE instead of standard output.")
    String output = "-";

    @Option(names = "--format", defaultValue = "docker", paramLabel = "docker|oci", description = "Archive format (default: docker).")
    String format;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images to save: names, IDs or name@digest.")
    List<String> images;

    @Override
    boolean supportsEngine() {
        return true;
    }

    @Override
    int execute() throws Exception {
        if (root().onEngine()) {
            if (!format.equalsIgnoreCase("docker") && !format.equalsIgnoreCase("docker-archive")) {
                throw new StowageCli.CommandFailure("with --engine, save writes the engine's docker-archive (--format " + format + " is for the store)");
            }
            dev.stowage.engine.EngineImages engineImages = new dev.stowage.engine.EngineImages(engine());
            // the engine checks the names before sending anything: open the stream first, so nothing is written on an error
            try (java.io.InputStream archive = engineImages.save(images)) {
                return writeOut(archive::transferTo);
            }
        }
        ArchiveFormat archiveFormat;
        try {
            archiveFormat = ArchiveFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ArchiveSaver saver = new ArchiveSaver(store());
        List<ArchiveWriter.Item> items = saver.items(images);
        ArchiveWriter writer = new ArchiveWriter(store());
        return writeOut(out -> writer.write(items, archiveFormat, out));
    }

    /** To standard output, or to the file, which appears only when complete. */
    private int writeOut(ArchiveSaver.Body body) throws IOException {
        if (output.equals("-")) {
            if (System.console() != null && root().context.binaryOut() == System.out) {
                throw new StowageCli.CommandFailure("cowardly refusing to save to a terminal. Use the -o flag or redirect");
            }
            OutputStream out = root().context.binaryOut();
            body.writeTo(out);
            out.flush();
            return 0;
        }
        ArchiveSaver.writeFile(Path.of(output), ArchiveSaver.compressionFor(Path.of(output).getFileName().toString()),
                written -> { }, new Cancellation(), body);
        return 0;
    }
}
