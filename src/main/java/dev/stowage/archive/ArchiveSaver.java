package dev.stowage.archive;

import dev.stowage.image.Compression;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.Manifest;
import dev.stowage.image.Reference;
import dev.stowage.progress.Cancellation;
import dev.stowage.store.ImageResolver;
import dev.stowage.store.Store;
import dev.stowage.util.Compressors;
import dev.stowage.util.FileOps;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * {@code save} to a file: images resolved by name as docker does, each image once with all its names, the
 * archive (optionally compressed) written beside the target under a temporary name and renamed when complete.
 */
public final class ArchiveSaver {
    private final Store store;

    public ArchiveSaver(Store store) {
        this.store = store;
    }

    /** The items to save for names, IDs or name@digest texts: a tagged name is kept, an ID saves the image unnamed. */
    public List<ArchiveWriter.Item> items(List<String> texts) throws IOException {
        ImageResolver resolver = ImageResolver.of(store);
        List<ArchiveWriter.Item> items = new ArrayList<>();
        for (String text : texts) {
            ImageResolver.Match match = resolver.match(text);
            List<Reference> names = match.name() != null && match.name().tag().isPresent() ? List.of(match.name()) : List.of();
            items.add(new ArchiveWriter.Item(match.image(), names));
        }
        return merge(items);
    }

    /** The same image named twice is written once, with all its names. */
    public static List<ArchiveWriter.Item> merge(List<ArchiveWriter.Item> items) {
        Map<Digest, List<Reference>> names = new LinkedHashMap<>();
        Map<Digest, ArchiveWriter.Item> first = new HashMap<>();
        for (ArchiveWriter.Item item : items) {
            Digest key = item.image().manifest().digest();
            first.putIfAbsent(key, item);
            List<Reference> list = names.computeIfAbsent(key, k -> new ArrayList<>());
            item.names().stream().filter(n -> !list.contains(n)).forEach(list::add);
        }
        List<ArchiveWriter.Item> merged = new ArrayList<>();
        names.forEach((k, v) -> merged.add(new ArchiveWriter.Item(first.get(k).image(), v)));
        return merged;
    }

    /** Bytes of the blobs the archive will hold, each once: what {@link Progress#written} counts up to, roughly. */
    public long blobBytes(List<ArchiveWriter.Item> items) throws IOException {
        Set<Digest> seen = new HashSet<>();
        long total = 0;
        for (ArchiveWriter.Item item : items) {
            Manifest m = item.image().manifest();
            List<Digest> digests = new ArrayList<>();
            digests.add(m.digest());
            digests.add(m.config().digest());
            m.layers().stream().map(Descriptor::digest).forEach(digests::add);
            for (Digest d : digests) if (seen.add(d)) total += store.blobSize(d);
        }
        return total;
    }

    /** The compression a file name asks for: {@code .gz}/{@code .tgz} gzip, {@code .zst} zstd, else none. */
    public static Compression compressionFor(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".gz") || lower.endsWith(".tgz")) return Compression.GZIP;
        if (lower.endsWith(".zst")) return Compression.ZSTD;
        return Compression.NONE;
    }

    /**
     * Writes the archive to {@code target}: it appears only when complete, and nothing is left behind on failure or
     * cancel; {@code written} hears the bytes of the (uncompressed) archive written so far.
     */
    public void save(List<ArchiveWriter.Item> items, ArchiveFormat format, Compression compression, Path target,
                     LongConsumer written, Cancellation cancellation) throws IOException {
        writeFile(target, compression, written, cancellation, out -> new ArchiveWriter(store).write(items, format, out));
    }

    /** What goes into a file: an archive written by the store, or one an engine sends. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code body} to {@code target} (compressed as asked) under a temporary name, renamed when complete. */
    public static void writeFile(Path target, Compression compression, LongConsumer written, Cancellation cancellation,
                                 Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path temp = abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        try {
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 20);
                 OutputStream out = new Observed(compressor(compression, file), written, cancellation)) {
                body.writeTo(out);
            }
            FileOps.moveAtomically(temp, abs);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static OutputStream compressor(Compression compression, OutputStream file) throws IOException {
        return switch (compression) {
            case NONE -> file;
            case GZIP -> Compressors.gzip(file);
            case ZSTD -> Compressors.zstd(file);
            default -> throw new IllegalArgumentException("cannot save with " + compression.displayName() + " compression");
        };
    }

    /** Counts bytes for the progress and stops the write once cancelled. */
    private static final class Observed extends FilterOutputStream {
        private final LongConsumer written;
        private final Cancellation cancellation;
        private long count;

        Observed(OutputStream out, LongConsumer written, Cancellation cancellation) {
            super(out);
            this.written = written;
            this.cancellation = cancellation;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            cancellation.check();
            out.write(b, off, len);
            written.accept(count += len);
        }
    }
}
