package dev.stowage.layer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes layer tars, the counterpart of {@link TarReader}: POSIX ustar headers without user or group names,
 * and a PAX header before an entry whose name or link is long or not ASCII, whose size, owner or mtime does not
 * fit its field, or that has extended attributes. Attribute values are byte strings (one char per byte, as
 * {@link TarReader} returns them) and are written byte for byte, so binary values such as
 * {@code security.capability} survive; commons-compress writes every PAX value as UTF-8 text, which mangles them.
 * The output depends only on the entries given.
 */
public final class TarWriter {
    private static final int BLOCK = TarReader.BLOCK;
    private static final long MAX_OCTAL_8 = 07777777L;
    private static final long MAX_OCTAL_12 = 077777777777L;

    /** One entry. {@code name} without a trailing slash; {@code size} only for regular files. */
    public record Entry(String name, EntryType type, int mode, long uid, long gid, long size, long mtime, String link,
                        int devMajor, int devMinor, Map<String, String> xattrs) {
    }

    private final OutputStream out;
    private final byte[] header = new byte[BLOCK];
    private long remaining;
    private long entrySize;

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes the entry's header(s); a regular file's {@code size} content bytes must follow through {@link #write}. */
    public void put(Entry e) throws IOException {
        if (remaining != 0) throw new IllegalStateException("the previous entry still lacks " + remaining + " bytes");
        Map<String, byte[]> pax = new LinkedHashMap<>();
        String name = e.type() == EntryType.DIRECTORY ? e.name() + "/" : e.name();
        boolean nameFits = fitsUstar(name);
        if (!nameFits) pax.put("path", utf8(name));
        String link = e.link() == null ? "" : e.link();
        boolean linkFits = fitsUstar(link);
        if (!linkFits) pax.put("linkpath", utf8(link));
        long size = e.type() == EntryType.FILE ? e.size() : 0;
        if (size > MAX_OCTAL_12) pax.put("size", ascii(size));
        if (e.uid() < 0 || e.uid() > MAX_OCTAL_8) pax.put("uid", ascii(e.uid()));
        if (e.gid() < 0 || e.gid() > MAX_OCTAL_8) pax.put("gid", ascii(e.gid()));
        if (e.mtime() < 0 || e.mtime() > MAX_OCTAL_12) pax.put("mtime", ascii(e.mtime()));
        for (Map.Entry<String, String> x : new TreeMap<>(e.xattrs()).entrySet()) {
            pax.put(TarEntries.XATTR_PREFIX + x.getKey(), x.getValue().getBytes(StandardCharsets.ISO_8859_1));
        }
        if (!pax.isEmpty()) {
            byte[] records = paxRecords(pax);
            header(paxName(name), 'x', 0644, 0, 0, records.length, 0, "", 0, 0);
            out.write(records, 0, records.length);
            pad(records.length);
        }
        header(nameFits ? name : asciiPrefix(name), typeFlag(e.type()), e.mode() & 07777,
                pax.containsKey("uid") ? 0 : e.uid(), pax.containsKey("gid") ? 0 : e.gid(),
                pax.containsKey("size") ? 0 : size, pax.containsKey("mtime") ? 0 : e.mtime(),
                linkFits ? link : asciiPrefix(link), e.devMajor(), e.devMinor());
        remaining = size;
        entrySize = size;
    }

    /** Content of the current regular file. */
    public void write(byte[] b, int off, int len) throws IOException {
        if (len > remaining) throw new IllegalStateException("more content than the entry's size");
        out.write(b, off, len);
        remaining -= len;
        if (remaining == 0) pad(entrySize);
    }

    /** Ends the archive with two zero blocks; the underlying stream stays open. */
    public void finish() throws IOException {
        if (remaining != 0) throw new IllegalStateException("the last entry still lacks " + remaining + " bytes");
        byte[] zeros = new byte[2 * BLOCK];
        out.write(zeros, 0, zeros.length);
        out.flush();
    }

    private void header(String name, char type, int mode, long uid, long gid, long size, long mtime, String link,
                        int devMajor, int devMinor) throws IOException {
        Arrays.fill(header, (byte) 0);
        text(name, 0, 100);
        octal(mode, 100, 8);
        octal(uid, 108, 8);
        octal(gid, 116, 8);
        octal(size, 124, 12);
        octal(mtime, 136, 12);
        header[156] = (byte) type;
        text(link, 157, 100);
        text("ustar", 257, 6);
        header[263] = '0';
        header[264] = '0';
        number(devMajor, 329);
        number(devMinor, 337);
        Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) sum += b & 0xff;
        octal(sum, 148, 7); // six digits, NUL, then the space already there
        out.write(header, 0, BLOCK);
    }

    private void text(String s, int offset, int length) {
        byte[] b = utf8(s);
        System.arraycopy(b, 0, header, offset, Math.min(b.length, length));
    }

    /** Zero-padded octal digits filling all but the last byte of the field, which stays NUL. */
    private void octal(long value, int offset, int length) {
        String digits = Long.toOctalString(value);
        int width = length - 1;
        for (int i = 0; i < width; i++) {
            int from = digits.length() - width + i;
            header[offset + i] = (byte) (from < 0 ? '0' : digits.charAt(from));
        }
    }

    /** Device numbers: octal when they fit, else GNU base-256. */
    private void number(long value, int offset) {
        if (value >= 0 && value <= MAX_OCTAL_8) {
            octal(value, offset, 8);
            return;
        }
        header[offset] = (byte) 0x80;
        for (int i = 7; i >= 1; i--) {
            header[offset + i] = (byte) value;
            value >>>= 8;
        }
    }

    private void pad(long length) throws IOException {
        int padding = (int) ((BLOCK - length % BLOCK) % BLOCK);
        if (padding > 0) out.write(new byte[padding]);
    }

    /** "LEN key=value\n" records, LEN counting the whole record including its own digits. */
    static byte[] paxRecords(Map<String, byte[]> records) {
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> r : records.entrySet()) {
            byte[] key = utf8(r.getKey());
            int body = key.length + r.getValue().length + 3; // space, '=', newline
            int length = body + 1;
            while (String.valueOf(length).length() + body != length) length++;
            data.writeBytes(ascii(length));
            data.write(' ');
            data.writeBytes(key);
            data.write('=');
            data.writeBytes(r.getValue());
            data.write('\n');
        }
        return data.toByteArray();
    }

    private static boolean fitsUstar(String s) {
        if (s.length() > 100) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= 0x80 || s.charAt(i) == 0) return false;
        return true;
    }

    private static String asciiPrefix(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 100; i++) {
            char c = s.charAt(i);
            b.append(c < 0x80 && c != 0 ? c : '_');
        }
        return b.toString();
    }

    /** The PAX header's own name, as GNU tar and Go spell it: {@code PaxHeaders.0/<base name>}. */
    private static String paxName(String name) {
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        String base = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        return asciiPrefix("PaxHeaders.0/" + base);
    }

    private static char typeFlag(EntryType t) {
        return switch (t) {
            case FILE -> '0';
            case HARDLINK -> '1';
            case SYMLINK -> '2';
            case CHAR_DEVICE -> '3';
            case BLOCK_DEVICE -> '4';
            case DIRECTORY -> '5';
            case FIFO -> '6';
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }
}
