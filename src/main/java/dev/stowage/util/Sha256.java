package dev.stowage.util;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.stowage.image.Digest;

import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * SHA-256 of bulk data (blobs, layers): OpenSSL's ({@code libcrypto.so.3}, through JNA) when it loads, else the JDK's.
 *
 * <p>Both run at about 1.5 GB/s with the CPU's SHA instructions, but the JDK's only once C2 has compiled
 * {@code DigestBase.implCompressMultiBlock0} into its intrinsic: before that, and again after each deoptimization,
 * it hashes in plain Java at a seventh of the speed. In a pull or push that is the first second or two, on every
 * thread that hashes, and it made their CPU time vary by half from run to run. OpenSSL's is fast from the first byte.
 *
 * <p>Not thread-safe; one stream at a time ({@link #reset()} starts the next). {@code -Dstowage.native=false} keeps
 * native code out, as for ISA-L.
 */
public abstract class Sha256 {
    private static final String UNAVAILABLE = OpenSsl.UNAVAILABLE;

    /** A new hasher: OpenSSL's when available, else the JDK's. */
    public static Sha256 create() {
        return UNAVAILABLE == null ? new OpenSsl() : new Jdk();
    }

    /** Always the JDK's (tests compare the two). */
    public static Sha256 jdk() {
        return new Jdk();
    }

    /** Why OpenSSL's is not used, or null when it is. */
    public static String nativeUnavailableReason() {
        return UNAVAILABLE;
    }

    public abstract void update(byte[] b, int off, int len);

    /** Hashes the buffer's remaining bytes and moves its position to its limit. */
    public abstract void update(ByteBuffer buffer);

    /** The digest of everything hashed since the start or the last {@link #reset()}; then only reset() may follow. */
    public abstract Digest digest();

    /** Starts over, for the next stream. */
    public abstract void reset();

    private static final class Jdk extends Sha256 {
        private final MessageDigest md = Digest.newSha256();

        @Override
        public void update(byte[] b, int off, int len) {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            md.update(b, off, len);
        }

        @Override
        public void update(ByteBuffer buffer) {
            md.update(buffer);
        }

        @Override
        public Digest digest() {
            return Digest.ofSha256(md.digest());
        }

        @Override
        public void reset() {
            md.reset();
        }
    }

    /** OpenSSL's SHA256_Init/Update/Final on a context in native memory; Java arrays are copied in 256 KiB pieces. */
    private static final class OpenSsl extends Sha256 {
        /** sizeof(SHA256_CTX) is 112 on LP64; more room costs nothing. */
        private static final int CONTEXT_SIZE = 256;
        private static final int STAGE = 256 * 1024;
        static final String UNAVAILABLE;

        static {
            UNAVAILABLE = NativeLibraries.register(OpenSsl.class, "libcrypto.so.3", OpenSsl::selfTest);
        }

        static native int SHA256_Init(Pointer context);

        static native int SHA256_Update(Pointer context, Pointer data, long length);

        static native int SHA256_Final(byte[] digest, Pointer context);

        private final Memory context = new Memory(CONTEXT_SIZE);
        private Memory stage;
        private boolean done;

        OpenSsl() {
            if (SHA256_Init(context) != 1) throw new IllegalStateException("SHA256_Init failed");
        }

        @Override
        public void update(byte[] b, int off, int len) {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            checkOpen();
            if (len == 0) return;
            if (stage == null) stage = new Memory(STAGE);
            while (len > 0) {
                int n = Math.min(len, STAGE);
                stage.write(0, b, off, n);
                hash(stage, n);
                off += n;
                len -= n;
            }
        }

        @Override
        public void update(ByteBuffer buffer) {
            checkOpen();
            if (buffer.isDirect()) {
                int n = buffer.remaining();
                if (n > 0) hash(Native.getDirectBufferPointer(buffer).share(buffer.position()), n);
                buffer.position(buffer.limit());
            } else if (buffer.hasArray()) {
                update(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
                buffer.position(buffer.limit());
            } else { // read-only heap buffer
                byte[] chunk = new byte[Math.min(buffer.remaining(), STAGE)];
                while (buffer.hasRemaining()) {
                    int n = Math.min(chunk.length, buffer.remaining());
                    buffer.get(chunk, 0, n);
                    update(chunk, 0, n);
                }
            }
        }

        private void hash(Pointer data, long n) {
            if (SHA256_Update(context, data, n) != 1) throw new IllegalStateException("SHA256_Update failed");
        }

        @Override
        public Digest digest() {
            checkOpen();
            done = true;
            byte[] out = new byte[32];
            if (SHA256_Final(out, context) != 1) throw new IllegalStateException("SHA256_Final failed");
            return Digest.ofSha256(out);
        }

        @Override
        public void reset() {
            if (SHA256_Init(context) != 1) throw new IllegalStateException("SHA256_Init failed");
            done = false;
        }

        private void checkOpen() {
            if (done) throw new IllegalStateException("digest() was already called");
        }

        /** A library whose functions or layout differ is never used. */
        private static void selfTest() {
            byte[] data = new byte[STAGE + 1000];
            for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31 + (i >>> 8));
            OpenSsl s = new OpenSsl();
            s.update(data, 0, 7);
            s.update(data, 7, data.length - 7);
            byte[] expected = Digest.newSha256().digest(data);
            if (!s.digest().equals(Digest.ofSha256(expected))) {
                throw new IllegalStateException("OpenSSL SHA-256 self-test failed");
            }
        }
    }
}
