package dev.stowage.store;

import dev.stowage.image.Compression;
import dev.stowage.image.Digest;
import dev.stowage.util.CompressionBombException;
import dev.stowage.util.Compressors;
import dev.stowage.util.Errors;
import dev.stowage.util.Hashing;
import dev.stowage.util.ObservingInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * Copies a stream into a staging area in a single pass, hashing the bytes as stored and, when they are
 * compressed, decompressing them on the way to hash the content too. A layer from an archive or a
 * registry is thus read once: no recompression, no second read.
 */
final class Spooler {
    private Spooler() {
    }

    static SpooledBlob spool(Staging staging, String name, InputStream in) throws IOException {
        try (BlobSink sink = staging.newSink()) {
            TeeInputStream tee = new TeeInputStream(in, sink);
            BufferedInputStream buffered = new BufferedInputStream(tee, 256 * 1024);
            Compression compression = Compressors.detect(buffered);
            Digest diffId = null;
            String diffIdError = null;
            if (compression != Compression.NONE) {
                try {
                    diffId = Hashing.diffId(buffered, "'" + name + "'");
                } catch (InterruptedIOException e) {
                    throw e;
                } catch (IOException e) {
                    if (tee.sourceFailed) throw e; // the input broke (a network), not the compressed data
                    diffIdError = e instanceof CompressionBombException ? e.getMessage()
                            : "'" + name + "' is not valid " + compression.displayName() + " data: " + Errors.describe(e);
                } catch (RuntimeException e) {
                    diffIdError = "'" + name + "' is not valid " + compression.displayName() + " data: " + Errors.describe(e);
                }
            }
            buffered.transferTo(OutputStream.nullOutputStream());
            BlobSink.Written written = sink.finish();
            Digest digest = staging.keep(written);
            if (compression == Compression.NONE) diffId = digest;
            return new SpooledBlob(name, digest, written.size(), compression, diffId, diffIdError);
        }
    }

    /** Everything read through it is also written to the sink; a cancelled thread stops it. */
    private static final class TeeInputStream extends ObservingInputStream {
        private final BlobSink sink;
        private boolean sourceFailed;

        TeeInputStream(InputStream in, BlobSink sink) {
            super(in);
            this.sink = sink;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("cancelled");
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                sourceFailed = true;
                throw e;
            }
        }

        @Override
        protected void observe(byte[] b, int off, int len) throws IOException {
            sink.write(b, off, len);
        }
    }
}
