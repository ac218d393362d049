package dev.stowage.container.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
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

    private final Path file;
    private final long start;

    public ContainerLog(Path file) {
        this(file, 0);
    }

    /** The log from byte {@code start} on (what a start wrote after that size). */
    public ContainerLog(Path file, long start) {
        this.file = file;
        this.start = start;
    }

    /** The log's size now (0 when there is none). */
    public long size() throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
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
        long offset = start;
        if (Files.exists(file) && tail != 0) {
            Deque<Entry> last = new ArrayDeque<>();
            List<Entry> all = new ArrayList<>();
            try (InputStream raw = Files.newInputStream(file);
                 BufferedReader r = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8))) {
                raw.skipNBytes(start);
                String line;
                while ((line = r.readLine()) != null) {
                    Entry e = parse(line);
                    if (e == null) continue;
                    if (tail < 0) all.add(e);
                    else {
                        last.addLast(e);
                        if (last.size() > tail) last.removeFirst();
                    }
                }
            }
            for (Entry e : tail < 0 ? all : last) sink.accept(e);
        }
        if (tail != 0) offset = size();
        if (!follow) return;
        StringBuilder pending = new StringBuilder();
        boolean last = false;
        while (true) {
            boolean keepGoing = more.getAsBoolean();
            if (Files.exists(file) && Files.size(file) > offset) {
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                    raf.seek(offset);
                    byte[] bytes = new byte[(int) Math.min(raf.length() - offset, 1 << 20)];
                    raf.readFully(bytes);
                    offset += bytes.length;
                    pending.append(new String(bytes, StandardCharsets.UTF_8));
                }
                int nl;
                while ((nl = pending.indexOf("\n")) >= 0) {
                    Entry e = parse(pending.substring(0, nl));
                    pending.delete(0, nl + 1);
                    if (e != null) sink.accept(e);
                }
                continue;
            }
            if (last) return;
            if (!keepGoing) last = true; // one more read after the end: conmon may write the last lines late
            else Network.sleep(50);
        }
    }
}
