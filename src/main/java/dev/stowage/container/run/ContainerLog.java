package dev.stowage.container.run;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;

/**
 * The log conmon writes for a container ({@code k8s-file}): one line per piece of output,
 * {@code <RFC 3339 time with offset> stdout|stderr F|P <text>}, F ending a line, P a partial one.
 */
public final class ContainerLog {
    /** One record: the stream, the text (with its newline when complete) and when it was written. */
    public record Entry(boolean stderr, String text, OffsetDateTime time) {
        /** docker's {@code logs -t} prefix: RFC 3339 with nanoseconds in UTC. */
        public String timestamp() {
            return time.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'"));
        }
    }

    public interface Sink {
        void accept(Entry e) throws IOException;
    }

    private final Path earlier;
    private final Path file;

    /** The whole log: what earlier starts wrote (conmon truncates the log at each start), then the current one. */
    public ContainerLog(Path file) {
        this.earlier = earlierRuns(file);
        this.file = file;
    }

    /** Only what the current start wrote. */
    public static ContainerLog currentRun(Path file) {
        return new ContainerLog(null, file);
    }

    private ContainerLog(Path earlier, Path file) {
        this.earlier = earlier;
        this.file = file;
    }

    static Path earlierRuns(Path file) {
        return file.resolveSibling(file.getFileName() + ".earlier");
    }

    /** Before a start: the current log is appended to the earlier runs' one. */
    public static void keepForNextStart(Path file) throws IOException {
        if (!Files.exists(file)) return;
        try (var out = Files.newOutputStream(earlierRuns(file), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
            Files.copy(file, out);
        }
        Files.delete(file);
    }

    static Entry parse(String line) {
        int a = line.indexOf(' ');
        int b = a < 0 ? -1 : line.indexOf(' ', a + 1);
        int c = b < 0 ? -1 : line.indexOf(' ', b + 1);
        if (c < 0) return null;
        try {
            OffsetDateTime t = OffsetDateTime.parse(line.substring(0, a));
            boolean partial = line.substring(b + 1, c).equals("P");
            return new Entry(line.substring(a + 1, b).equals("stderr"), line.substring(c + 1) + (partial ? "" : "\n"), t);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The last {@code tail} entries (all when negative) to {@code sink}; with {@code follow}, then new ones while {@code more} holds. */
    public void read(int tail, boolean follow, BooleanSupplier more, Sink sink) throws IOException {
        Deque<Entry> first = new ArrayDeque<>();
        LineSink keep = line -> {
            Entry e = parse(line);
            if (e == null || tail == 0) return;
            first.addLast(e);
            if (tail > 0 && first.size() > tail) first.removeFirst();
        };
        if (earlier != null) readLines(earlier, 0, keep);
        long offset = readLines(file, 0, keep);
        for (Entry e : first) sink.accept(e);
        if (!follow) return;
        boolean last = false;
        while (true) {
            boolean keepGoing = more.getAsBoolean();
            long before = offset;
            offset = readLines(file, offset, line -> {
                Entry e = parse(line);
                if (e != null) sink.accept(e);
            });
            if (offset != before) continue;
            if (last) return;
            if (!keepGoing) last = true; // one more read after the end
            else Network.sleep(50);
        }
    }

    private interface LineSink {
        void accept(String line) throws IOException;
    }

    /** Reads the complete lines from {@code offset}; returns the offset after the last complete line. */
    private static long readLines(Path file, long offset, LineSink each) throws IOException {
        if (!Files.exists(file)) return offset;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long end = raf.length();
            if (end <= offset) return offset;
            raf.seek(offset);
            byte[] bytes = new byte[(int) Math.min(end - offset, 64L << 20)];
            raf.readFully(bytes);
            int lineStart = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] != '\n') continue;
                each.accept(new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8));
                lineStart = i + 1;
            }
            return offset + lineStart;
        }
    }
}
