package dev.stowage.util;

import dev.stowage.image.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** sha256 of a stream, read to its end in large chunks. */
public final class Hashing {
    private Hashing() {
    }

    public static Digest sha256(InputStream in) throws IOException {
        MessageDigest md = Digest.newSha256();
        byte[] buf = new byte[256 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) md.update(buf, 0, n);
        return Digest.ofSha256(md.digest());
    }

    /** The diffID of a layer blob: sha256 of its bytes after undoing any compression. */
    public static Digest diffId(InputStream blob, String what) throws IOException {
        return sha256(Compressors.openDecompressed(blob, what));
    }
}
