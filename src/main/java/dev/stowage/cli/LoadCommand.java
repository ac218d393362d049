package dev.stowage.cli;

import dev.stowage.archive.ArchiveLoader;
import dev.stowage.archive.LoadedImage;
import dev.stowage.image.Reference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code stowage load}: like {@code docker load}, from a file or standard input, any whole-archive compression. */
@Command(name = "load", description = "Load images from a docker-archive or OCI archive (tar, optionally gzip/bzip2/xz/zstd).")
final class LoadCommand extends StoreCommand {
    @Option(names = {"-i", "--input"}, paramLabel = "FILE|-", description = "Read from FILE instead of standard input.")
    String input = "-";

    @Option(names = {"-q", "--quiet"}, description = "Print nothing.")
    boolean quiet;

    @Override
    int execute() throws Exception {
        List<LoadedImage> loaded;
        if (input.equals("-")) {
            if (System.console() != null && root().context.in() == System.in) {
                throw new StowageCli.CommandFailure("requested load from stdin, but stdin is a terminal; use -i FILE or redirect");
            }
            loaded = load(root().context.in());
        } else {
            try (InputStream in = Files.newInputStream(Path.of(input))) {
                loaded = load(in);
            }
        }
        if (!quiet) {
            for (LoadedImage image : loaded) {
                if (image.names().isEmpty()) out().println("Loaded image ID: " + image.id());
                for (Reference name : image.names()) out().println("Loaded image: " + name.familiarString());
            }
        }
        return 0;
    }

    @Override
    boolean supportsEngine() {
        return true;
    }

    private List<LoadedImage> load(InputStream in) throws Exception {
        if (root().onEngine()) {
            // the engine answers with its own lines (Loaded image: …), printed as they are
            List<String> lines = new dev.stowage.engine.EngineImages(engine()).load(new BufferedInputStream(in, 1 << 20));
            if (!quiet) lines.forEach(out()::println);
            return List.of();
        }
        return new ArchiveLoader(store()).load(new BufferedInputStream(in, 1 << 20));
    }
}
