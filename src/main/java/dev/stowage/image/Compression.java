package dev.stowage.image;

/** A stream compression, recognised by its magic bytes (never by a file name). */
public enum Compression {
    NONE("uncompressed"),
    GZIP("gzip"),
    BZIP2("bzip2"),
    XZ("xz"),
    ZSTD("zstd");

    private final String displayName;

    Compression(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** Detects a compression from the first bytes of a stream (at least 6 bytes when available). */
    public static Compression detect(byte[] head, int length) {
        if (length >= 3 && u(head[0]) == 0x1f && u(head[1]) == 0x8b && u(head[2]) == 0x08) return GZIP;
        if (length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') return BZIP2;
        if (length >= 6 && u(head[0]) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
                && head[4] == 'Z' && head[5] == 0) return XZ;
        if (length >= 4 && u(head[0]) == 0x28 && u(head[1]) == 0xb5 && u(head[2]) == 0x2f && u(head[3]) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    private static int u(byte b) {
        return b & 0xff;
    }
}
