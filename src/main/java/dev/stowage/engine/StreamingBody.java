package dev.stowage.engine;

import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A request body produced while it is sent (an archive from a file, a pipe or the store), never held in
 * memory; chunked, sent once. A failure of the producer (not of the connection) is kept apart so the
 * caller can report it as itself rather than as a broken connection.
 */
final class StreamingBody extends RequestBody {
    @FunctionalInterface
    interface Producer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** The producer failed: the cause is the real error. */
    static final class ProducerFailure extends IOException {
        ProducerFailure(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static final MediaType TAR = MediaType.get("application/x-tar");
    private final Producer producer;

    StreamingBody(Producer producer) {
        this.producer = producer;
    }

    @Override
    public MediaType contentType() {
        return TAR;
    }

    @Override
    public long contentLength() {
        return -1;
    }

    @Override
    public boolean isOneShot() {
        return true;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                sink.writeByte(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                sink.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                sink.flush();
            }
        };
        try {
            producer.writeTo(out);
        } catch (IOException | RuntimeException e) {
            if (isSinkProblem(e)) throw e;
            throw new ProducerFailure(e);
        }
    }

    private static boolean isSinkProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketException || t instanceof java.nio.channels.ClosedChannelException
                    || t instanceof java.io.InterruptedIOException) return true;
            String m = String.valueOf(t.getMessage());
            if (m.contains("Broken pipe") || m.contains("Connection reset")) return true;
        }
        return false;
    }
}
