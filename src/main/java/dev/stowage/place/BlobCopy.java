package dev.stowage.place;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.util.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copies one blob into an output, checking on the way that its bytes are the ones its descriptor names. */
final class BlobCopy {
    private BlobCopy() {
    }

    static void copy(Descriptor blob, InputStream in, OutputStream out, PlaceWriter.BlobProgress progress) throws IOException {
        Sha256 sha = Sha256.create();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        long reported = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (Thread.currentThread().isInterrupted()) throw new java.io.InterruptedIOException("cancelled");
            total += n;
            if (total > blob.size()) break;
            sha.update(buffer, 0, n);
            out.write(buffer, 0, n);
            if (total - reported >= (1 << 20)) {
                progress.written(total, blob.size());
                reported = total;
            }
        }
        if (total != blob.size()) {
            throw new PlaceException("blob " + blob.digest() + " is not " + blob.size() + " bytes long as its descriptor says");
        }
        Digest digest = sha.digest();
        if (!digest.equals(blob.digest())) {
            throw new PlaceException("blob content does not match its digest: expected " + blob.digest() + ", got " + digest);
        }
        progress.written(total, blob.size());
    }
}
