package dev.stowage.util;

import dev.stowage.image.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Deterministic block-parallel gzip that hashes both sides in the same pass. */
public final class ParallelGzip {
    /** Digests and sizes of the compressed output and of the uncompressed input. */
    public record Result(Digest compressedDigest, long compressedSize, Digest uncompressedDigest, long uncompressedSize) {
    }

    public ParallelGzip(int level, int threads, int blockSize) {
    }

    public static ParallelGzip defaults() {
        throw new UnsupportedOperationException("TODO");
    }

    public Result compress(InputStream in, OutputStream out) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }
}
