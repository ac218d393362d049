package dev.stowage.container;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stowage.image.Json;
import dev.stowage.layer.EntryType;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's {@code snapshot.jsonl}: one JSON object per line and per path, sorted by path. Keys are
 * short because there can be hundreds of thousands of lines; a key whose value is the default is left out:
 * <pre>
 * p path · t type (f file, d dir, l symlink, c char device, b block device, p fifo) · m mode (decimal, 07777 bits)
 * u uid · g gid · s size · mt mtime (epoch seconds) · l link target · dj / dn device major / minor
 * x xattrs {name: value} · h sha256 hex of a file's content · i inode (directories)
 * dm / du / dg mode / uid / gid on disk when they differ from the image's · ph true for a placeholder
 * </pre>
 */
public final class Snapshot {
    public static final int FORMAT = 1;
    private static final JsonFactory FACTORY = Json.FACTORY;

    private Snapshot() {
    }

    public static void write(Path file, Collection<SnapshotEntry> entries) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
            for (SnapshotEntry e : entries) writeEntry(g, e);
            g.writeRaw('\n');
        }
    }

    private static void writeEntry(JsonGenerator g, SnapshotEntry e) throws IOException {
        g.writeStartObject();
        g.writeStringField("p", e.path());
        g.writeStringField("t", typeCode(e.type()));
        g.writeNumberField("m", e.mode());
        if (e.uid() != 0) g.writeNumberField("u", e.uid());
        if (e.gid() != 0) g.writeNumberField("g", e.gid());
        if (e.size() != 0) g.writeNumberField("s", e.size());
        g.writeNumberField("mt", e.mtime());
        if (e.link() != null) g.writeStringField("l", e.link());
        if (e.devMajor() != 0) g.writeNumberField("dj", e.devMajor());
        if (e.devMinor() != 0) g.writeNumberField("dn", e.devMinor());
        if (!e.xattrs().isEmpty()) {
            g.writeObjectFieldStart("x");
            for (Map.Entry<String, String> x : new java.util.TreeMap<>(e.xattrs()).entrySet()) g.writeStringField(x.getKey(), x.getValue());
            g.writeEndObject();
        }
        if (e.sha256() != null) g.writeStringField("h", e.sha256());
        if (e.ino() != 0) g.writeNumberField("i", e.ino());
        if (e.diskMode() >= 0) g.writeNumberField("dm", e.diskMode());
        if (e.diskUid() >= 0) g.writeNumberField("du", e.diskUid());
        if (e.diskGid() >= 0) g.writeNumberField("dg", e.diskGid());
        if (e.placeholder()) g.writeBooleanField("ph", true);
        g.writeEndObject();
    }

    /** Every entry by path. */
    public static Map<String, SnapshotEntry> read(Path file) throws IOException {
        Map<String, SnapshotEntry> entries = new HashMap<>();
        for (SnapshotEntry e : readList(file)) entries.put(e.path(), e);
        return entries;
    }

    public static List<SnapshotEntry> readList(Path file) throws IOException {
        List<SnapshotEntry> entries = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             JsonParser p = FACTORY.createParser(in)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.START_OBJECT) throw damaged(file, "expected an object");
                entries.add(readEntry(p, file));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw damaged(file, e.getOriginalMessage());
        }
        return entries;
    }

    private static SnapshotEntry readEntry(JsonParser p, Path file) throws IOException {
        String path = null, link = null, sha = null;
        EntryType type = null;
        int mode = 0, dj = 0, dn = 0, dm = -1;
        long uid = 0, gid = 0, size = 0, mtime = 0, ino = 0, du = -1, dg = -1;
        boolean ph = false;
        Map<String, String> xattrs = Map.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "p" -> path = p.getText();
                case "t" -> type = type(p.getText(), file);
                case "m" -> mode = p.getIntValue();
                case "u" -> uid = p.getLongValue();
                case "g" -> gid = p.getLongValue();
                case "s" -> size = p.getLongValue();
                case "mt" -> mtime = p.getLongValue();
                case "l" -> link = p.getText();
                case "dj" -> dj = p.getIntValue();
                case "dn" -> dn = p.getIntValue();
                case "h" -> sha = p.getText();
                case "i" -> ino = p.getLongValue();
                case "dm" -> dm = p.getIntValue();
                case "du" -> du = p.getLongValue();
                case "dg" -> dg = p.getLongValue();
                case "ph" -> ph = p.getBooleanValue();
                case "x" -> {
                    Map<String, String> x = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        x.put(name, p.getText());
                    }
                    xattrs = x;
                }
                default -> p.skipChildren();
            }
        }
        if (path == null || type == null) throw damaged(file, "an entry has no path or type");
        return new SnapshotEntry(path, type, mode, uid, gid, size, mtime, link, dj, dn, xattrs, sha, ino, dm, du, dg, ph);
    }

    private static ContainerException damaged(Path file, String why) {
        return new ContainerException("container snapshot " + file + " is damaged: " + why);
    }

    static String typeCode(EntryType t) {
        return switch (t) {
            case FILE, HARDLINK -> "f";
            case DIRECTORY -> "d";
            case SYMLINK -> "l";
            case CHAR_DEVICE -> "c";
            case BLOCK_DEVICE -> "b";
            case FIFO -> "p";
        };
    }

    private static EntryType type(String code, Path file) {
        return switch (code) {
            case "f" -> EntryType.FILE;
            case "d" -> EntryType.DIRECTORY;
            case "l" -> EntryType.SYMLINK;
            case "c" -> EntryType.CHAR_DEVICE;
            case "b" -> EntryType.BLOCK_DEVICE;
            case "p" -> EntryType.FIFO;
            default -> throw damaged(file, "unknown type '" + code + "'");
        };
    }
}
