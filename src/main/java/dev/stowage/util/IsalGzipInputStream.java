package dev.stowage.util;

import com.sun.jna.Memory;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.ZipException;

/**
 * Reads gzip data, every member of a multi-member stream in turn (as Go's reader, pigz and
 * {@code GzipCompressorInputStream(in, true)} do), decompressed with ISA-L. Each member's CRC32 is checked by ISA-L;
 * bytes after a member that do not start another gzip member are an error, as in Go. Only use it when
 * {@link Isal#available()}.
 */
public final class IsalGzipInputStream extends InputStream {
    private static final int IN_SIZE = 256 * 1024;
    private static final int OUT_SIZE = 256 * 1024;

    private final InputStream in;
    private final Memory state = new Memory(Isal.INFLATE_STATE_SIZE);
    private final ByteBuffer f;
    private final Memory inBuf = new Memory(IN_SIZE);
    private final Memory outBuf = new Memory(OUT_SIZE);
    private final byte[] transfer = new byte[IN_SIZE];
    private boolean inputEnded;
    private boolean memberStarted;
    private boolean anyMember;
    private boolean done;
    private boolean closed;

    public IsalGzipInputStream(InputStream in) {
        this.in = in;
        state.clear(); // JNA's Memory is not zeroed, and isal_inflate_init may not set every field
        Isal.isal_inflate_init(state);
        f = Isal.fields(state);
        f.putInt(Isal.I_CRC_FLAG, Isal.ISAL_GZIP);
        f.putInt(Isal.I_AVAIL_IN, 0);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) throw new IOException("stream closed");
        if (len == 0) return 0;
        while (!done) {
            if (f.getInt(Isal.I_AVAIL_IN) == 0 && !fill()) {
                if (!memberStarted && anyMember) { // the data ends between members: a clean end
                    done = true;
                    break;
                }
                // no message, as commons-compress and the JDK: ErrorText.describe names it "unexpected end of data"
                throw anyMember ? new EOFException() : new EOFException("no gzip data");
            }
            memberStarted = anyMember = true; // ISA-L parses (and checks) the member's header itself
            int want = Math.min(len, OUT_SIZE);
            int availIn = f.getInt(Isal.I_AVAIL_IN);
            f.putLong(Isal.I_NEXT_OUT, Isal.address(outBuf));
            f.putInt(Isal.I_AVAIL_OUT, want);
            int rc = Isal.isal_inflate(state);
            if (rc < 0) throw new ZipException(describe(rc));
            int produced = want - f.getInt(Isal.I_AVAIL_OUT);
            boolean finished = f.getInt(Isal.I_BLOCK_STATE) == Isal.ISAL_BLOCK_FINISH;
            if (finished) nextMember();
            if (produced > 0) {
                outBuf.read(0, b, off, produced);
                return produced;
            }
            if (!finished && availIn > 0 && f.getInt(Isal.I_AVAIL_IN) == availIn) {
                throw new ZipException("gzip inflate made no progress");
            }
        }
        return -1;
    }

    /** After a member's trailer: starts over for the next member, keeping the input that follows it. */
    private void nextMember() {
        long nextIn = f.getLong(Isal.I_NEXT_IN);
        int availIn = f.getInt(Isal.I_AVAIL_IN);
        Isal.isal_inflate_reset(state);
        f.putLong(Isal.I_NEXT_IN, nextIn);
        f.putInt(Isal.I_AVAIL_IN, availIn);
        f.putInt(Isal.I_CRC_FLAG, Isal.ISAL_GZIP);
        memberStarted = false;
    }

    /** Reads more compressed input into the native buffer; false at the end of the input. */
    private boolean fill() throws IOException {
        if (inputEnded) return false;
        int n = in.read(transfer, 0, transfer.length);
        if (n < 0) {
            inputEnded = true;
            return false;
        }
        inBuf.write(0, transfer, 0, n);
        f.putLong(Isal.I_NEXT_IN, Isal.address(inBuf));
        f.putInt(Isal.I_AVAIL_IN, n);
        return true;
    }

    private static String describe(int rc) {
        return switch (rc) {
            case -1 -> "invalid deflate block in gzip data";
            case -2 -> "invalid deflate symbol in gzip data";
            case -3 -> "invalid lookback distance in gzip data";
            case -4 -> "not in gzip format (bad header after a gzip member?)";
            case -5 -> "unsupported gzip compression method";
            case -6 -> "gzip data is corrupt: CRC32 mismatch";
            default -> "gzip inflate failed with code " + rc;
        };
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            in.close();
        } finally {
            state.close();
            inBuf.close();
            outBuf.close();
        }
    }
}
