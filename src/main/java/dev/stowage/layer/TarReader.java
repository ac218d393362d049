package dev.stowage.layer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A lean reader of tar headers (ustar, GNU long names, PAX local and global headers, base-256 numbers) for
 * layer analysis, where a layer may hold hundreds of thousands of small entries: it reuses its buffers, so
 * reading an entry costs no garbage beyond the entry's own strings. Unpacking uses it too, because it keeps
 * extended attribute values as bytes: a {@code SCHILY.xattr.*} value is returned as a byte string (one char per
 * byte, ISO-8859-1), so binary values such as {@code security.capability} survive to {@link TarWriter}.
 */
public final class TarReader {
    static final int BLOCK = 512;

    /** One entry's header, after long-name and PAX extensions were applied. */
    public record Header(String name, char type, int mode, long uid, long gid, long size, long mtime, String linkName,
                         int devMajor, int devMinor, Map<String, String> xattrs) {
        /** What the entry is; unknown type flags count as regular files, as in tar. */
        public EntryType entryType() {
            return switch (type) {
                case '1' -> EntryType.HARDLINK;
                case '2' -> EntryType.SYMLINK;
                case '3' -> EntryType.CHAR_DEVICE;
                case '4' -> EntryType.BLOCK_DEVICE;
                case '5' -> EntryType.DIRECTORY;
                case '6' -> EntryType.FIFO;
                default -> name.endsWith("/") ? EntryType.DIRECTORY : EntryType.FILE;
            };
        }
    }

    private final InputStream in;
    private final byte[] block = new byte[BLOCK];
    private final byte[] scratch = new byte[64 * 1024];
    private final Map<String, String> globalPax = new HashMap<>();
    private long remaining;
    private long padding;

    public TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or null at the end of the archive; unread content of the previous one is skipped. */
    public Header next() throws IOException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        String longName = null;
        String longLink = null;
        Map<String, String> pax = null;
        while (true) {
            int n = in.readNBytes(block, 0, BLOCK);
            if (n == 0) return null;
            if (n < BLOCK) throw new EOFException("truncated tar header");
            if (isZero(block)) return null;
            checkChecksum();
            char type = (char) (block[156] & 0xff);
            long size = number(124, 12);
            if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
                byte[] data = readData(size);
                switch (type) {
                    case 'L' -> longName = cString(data);
                    case 'K' -> longLink = cString(data);
                    case 'x' -> pax = parsePax(data, pax == null ? new LinkedHashMap<>() : pax);
                    default -> parsePax(data, globalPax);
                }
                continue;
            }
            Map<String, String> all = new HashMap<>(globalPax);
            if (pax != null) all.putAll(pax);
            String name = all.containsKey("path") ? all.get("path") : longName != null ? longName : headerName();
            String link = all.containsKey("linkpath") ? all.get("linkpath") : longLink != null ? longLink : string(157, 100);
            if (all.containsKey("size")) size = Long.parseLong(all.get("size").trim());
            long uid = all.containsKey("uid") ? Long.parseLong(all.get("uid").trim()) : number(108, 8);
            long gid = all.containsKey("gid") ? Long.parseLong(all.get("gid").trim()) : number(116, 8);
            long mtime = all.containsKey("mtime") ? (long) Double.parseDouble(all.get("mtime").trim()) : number(136, 12);
            Map<String, String> xattrs = Map.of();
            for (Map.Entry<String, String> e : all.entrySet()) {
                if (e.getKey().startsWith(TarEntries.XATTR_PREFIX)) {
                    if (xattrs.isEmpty()) xattrs = new LinkedHashMap<>();
                    xattrs.put(e.getKey().substring(TarEntries.XATTR_PREFIX.length()), e.getValue());
                }
            }
            boolean hasData = type != '1' && type != '2' && type != '3' && type != '4' && type != '5' && type != '6';
            remaining = hasData ? size : 0;
            padding = hasData ? (BLOCK - size % BLOCK) % BLOCK : 0;
            return new Header(name, type, (int) number(100, 8), uid, gid, hasData ? size : 0, mtime, link,
                    (int) number(329, 8), (int) number(337, 8), xattrs);
        }
    }

    /** Reads up to {@code len} bytes of the current entry's content; -1 at its end. */
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) return -1;
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) throw new EOFException("truncated tar entry");
        remaining -= n;
        return n;
    }

    /** The current entry's content as a stream (not to be closed: closing does nothing). */
    public InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return TarReader.this.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                return TarReader.this.read(b, off, len);
            }
        };
    }

    private byte[] readData(long size) throws IOException {
        if (size < 0 || size > (16 << 20)) throw new IOException("tar extension header of " + size + " bytes");
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) throw new EOFException("truncated tar extension header");
        skip((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            int r = in.read(scratch, 0, (int) Math.min(scratch.length, n));
            if (r < 0) throw new EOFException("truncated tar archive");
            n -= r;
        }
    }

    private void checkChecksum() throws IOException {
        long expected = number(148, 8);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            byte b = (i >= 148 && i < 156) ? (byte) ' ' : block[i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (expected != unsigned && expected != signed) throw new IOException("tar header checksum mismatch");
    }

    /** ustar names are prefix + "/" + name; GNU headers use the prefix area for other things. */
    private String headerName() {
        String name = string(0, 100);
        boolean ustar = block[257] == 'u' && block[258] == 's' && block[259] == 't' && block[260] == 'a'
                && block[261] == 'r' && block[262] == 0;
        if (!ustar) return name;
        String prefix = string(345, 155);
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private String string(int offset, int length) {
        int end = offset;
        while (end < offset + length && block[end] != 0) end++;
        return new String(block, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) end++;
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    /** Octal ASCII, or base-256 when the first byte has its high bit set (GNU / star for large values). */
    private long number(int offset, int length) {
        if ((block[offset] & 0x80) != 0) {
            long v = block[offset] & 0x7f;
            for (int i = 1; i < length; i++) v = (v << 8) | (block[offset + i] & 0xff);
            return v;
        }
        long v = 0;
        int i = offset;
        int end = offset + length;
        while (i < end && (block[i] == ' ' || block[i] == 0)) i++;
        for (; i < end; i++) {
            byte b = block[i];
            if (b < '0' || b > '7') break;
            v = (v << 3) + (b - '0');
        }
        return v;
    }

    /** PAX records: "LEN key=value\n", LEN counting the whole record in bytes. */
    private static Map<String, String> parsePax(byte[] data, Map<String, String> into) throws IOException {
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] != ' ') space++;
            if (space >= data.length) break;
            int len;
            try {
                len = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new IOException("malformed PAX header");
            }
            if (len <= 0 || pos + len > data.length) throw new IOException("malformed PAX header");
            int end = pos + len - 1; // the record's newline
            int eq = space + 1;
            while (eq < end && data[eq] != '=') eq++;
            if (eq > space + 1 && eq < end) {
                String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
                String value = new String(data, eq + 1, end - eq - 1,
                        key.startsWith(TarEntries.XATTR_PREFIX) ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
                if (value.isEmpty()) into.remove(key);
                else into.put(key, value);
            }
            pos += len;
        }
        return into;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }
}
