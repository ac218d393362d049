package dev.stowage.util;

import com.github.luben.zstd.ZstdInputStream;
import dev.stowage.image.Compression;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Detecting and undoing stream compression, with a guard against compression bombs. */
public final class Compressors {
    /** Decompressed output may not exceed this multiple of the compressed input (after {@link #BOMB_FLOOR}). */
    public static final long MAX_RATIO = 1000;
    /** Below this many decompressed bytes the ratio is not checked: tiny inputs legitimately compress well. */
    public static final long BOMB_FLOOR = 64L << 20;

    private Compressors() {
    }

    /** Looks at the first bytes without consuming them. */
    public static Compression detect(BufferedInputStream in) throws IOException {
        in.mark(16);
        byte[] head = in.readNBytes(6);
        in.reset();
        return Compression.detect(head, head.length);
    }

    /** Wraps {@code in} so that reading yields the decompressed bytes; NONE returns {@code in} itself. */
    public static InputStream decompress(InputStream in, Compression compression) throws IOException {
        return switch (compression) {
            case NONE -> in;
            case GZIP -> gunzip(in);
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
            case XZ -> new XZInputStream(in);
            case ZSTD -> new ZstdInputStream(in).setContinuous(false);
        };
    }

    /**
     * Reads every member of gzip data: with ISA-L when it is loaded (about twice zlib's speed), else with
     * commons-compress over the JDK's zlib.
     */
    public static InputStream gunzip(InputStream in) throws IOException {
        return Isal.available() ? new IsalGzipInputStream(in) : new GzipCompressorInputStream(in, true);
    }

    /**
     * Detects the compression of {@code raw} and returns the decompressed stream, guarded so that an input
     * expanding by more than {@link #MAX_RATIO}:1 fails with a clear message. {@code what} names the input.
     */
    public static InputStream openDecompressed(InputStream raw, String what) throws IOException {
        CountingInputStream counted = new CountingInputStream(raw);
        BufferedInputStream buffered = new BufferedInputStream(counted, 64 * 1024);
        Compression c = detect(buffered);
        if (c == Compression.NONE) return buffered;
        return new RatioGuardInputStream(decompress(buffered, c), counted, what);
    }

    public static OutputStream gzip(OutputStream out) throws IOException {
        GzipParameters p = new GzipParameters();
        p.setCompressionLevel(6);
        return new GzipCompressorOutputStream(out, p);
    }

    public static OutputStream zstd(OutputStream out) throws IOException {
        return new com.github.luben.zstd.ZstdOutputStream(out, 3);
    }
}
