package dev.stowage.cli;

import dev.stowage.archive.ArchiveFormat;
import dev.stowage.archive.ArchiveWriter;
import dev.stowage.store.ImageResolver;
import dev.stowage.util.Compressors;
import dev.stowage.util.FileOps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    /** Writes the archive to a stream (the store's writer, or the engine's own archive copied as it arrives). */
    @FunctionalInterface
    interface ArchiveSource {
        void writeTo(OutputStream out) throws IOException;
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
                return writeOut(out -> archive.transferTo(out));
            }
        }
        ArchiveFormat archiveFormat;
        try {
            archiveFormat = ArchiveFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ImageResolver resolver = ImageResolver.of(store());
        List<ArchiveWriter.Item> items = new ArrayList<>();
        for (String text : images) {
            ImageResolver.Match match = resolver.match(text);
            List<dev.stowage.image.Reference> names = match.name() != null && match.name().tag().isPresent()
                    ? List.of(match.name()) : List.of();
            items.add(new ArchiveWriter.Item(match.image(), names));
        }
        List<ArchiveWriter.Item> merged = merge(items);
        ArchiveWriter writer = new ArchiveWriter(store());
        return writeOut(out -> writer.write(merged, archiveFormat, out));
    }

    private int writeOut(ArchiveSource source) throws IOException {
        if (output.equals("-")) {
            if (System.console() != null && root().context.binaryOut() == System.out) {
                throw new StowageCli.CommandFailure("cowardly refusing to save to a terminal. Use the -o flag or redirect");
            }
            OutputStream out = root().context.binaryOut();
            source.writeTo(out);
            out.flush();
            return 0;
        }
        writeFile(Path.of(output), source);
        return 0;
    }

    /** The same image named twice is written once, with all its names. */
    private static List<ArchiveWriter.Item> merge(List<ArchiveWriter.Item> items) {
        java.util.LinkedHashMap<dev.stowage.image.Digest, List<dev.stowage.image.Reference>> names = new java.util.LinkedHashMap<>();
        java.util.Map<dev.stowage.image.Digest, ArchiveWriter.Item> first = new java.util.HashMap<>();
        for (ArchiveWriter.Item item : items) {
            var key = item.image().manifest().digest();
            first.putIfAbsent(key, item);
            List<dev.stowage.image.Reference> list = names.computeIfAbsent(key, k -> new ArrayList<>());
            item.names().stream().filter(n -> !list.contains(n)).forEach(list::add);
        }
        List<ArchiveWriter.Item> merged = new ArrayList<>();
        names.forEach((k, v) -> merged.add(new ArchiveWriter.Item(first.get(k).image(), v)));
        return merged;
    }

    private static void writeFile(Path target, ArchiveSource source) throws IOException {
        Path abs = target.toAbsolutePath();
        Path temp = abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        try {
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp,
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE), 1 << 20);
                 OutputStream out = compressorFor(abs.getFileName().toString(), file)) {
                source.writeTo(out);
            }
            FileOps.moveAtomically(temp, abs);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static OutputStream compressorFor(String name, OutputStream file) throws IOException {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".gz") || lower.endsWith(".tgz")) return Compressors.gzip(file);
        if (lower.endsWith(".zst")) return Compressors.zstd(file);
        return file;
    }
}
