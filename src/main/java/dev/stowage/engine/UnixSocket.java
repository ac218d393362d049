package dev.stowage.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A {@link Socket} over a Unix domain socket (JDK 16+ {@link SocketChannel}), for OkHttp. Whatever address
 * OkHttp connects to, this socket connects to its path. Reads and writes go straight to the channel (which
 * has separate read and write locks), so a response can be read while a request body is still being sent.
 * Timeouts are enforced by OkHttp (it closes the socket), so {@link #setSoTimeout} is only remembered.
 */
final class UnixSocket extends Socket {
    private final Path path;
    private SocketChannel channel;
    private InputStream in;
    private OutputStream out;
    private int timeout;
    private boolean closed;
    private boolean inputShut;
    private boolean outputShut;

    UnixSocket(Path path) {
        this.path = path;
    }

    /** Connecting failed for a reason the user can act on (no socket, refused, permission denied). */
    static final class UnixConnectException extends ConnectException {
        final String reason;

        UnixConnectException(String reason, Path path) {
            super(reason + ": " + path);
            this.reason = reason;
        }
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    @Override
    public synchronized void connect(SocketAddress ignored, int timeoutMillis) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(path));
        } catch (SocketException e) {
            ch.close();
            String m = String.valueOf(e.getMessage());
            String reason = m.contains("No such file") ? "no such socket"
                    : m.contains("Connection refused") ? "connection refused"
                    : m.contains("Permission denied") ? "permission denied"
                    : m.contains("Not a socket") || m.contains("not a socket") ? "not a socket" : m;
            throw new UnixConnectException(reason, path);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        channel = ch;
        in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                if (inputShut) return -1;
                return channel.read(ByteBuffer.wrap(b, off, len));
            }

            @Override
            public void close() throws IOException {
                UnixSocket.this.close();
            }
        };
        out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) channel.write(buf);
            }

            @Override
            public void close() throws IOException {
                UnixSocket.this.close();
            }
        };
    }

    @Override
    public InputStream getInputStream() throws IOException {
        if (in == null) throw new SocketException("not connected");
        return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        if (out == null) throw new SocketException("not connected");
        return out;
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (channel != null) channel.close();
    }

    @Override
    public boolean isConnected() {
        return channel != null;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void shutdownInput() throws IOException {
        inputShut = true;
        if (channel != null) channel.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        outputShut = true;
        if (channel != null) channel.shutdownOutput();
    }

    @Override
    public boolean isInputShutdown() {
        return inputShut;
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShut;
    }

    @Override
    public void setSoTimeout(int timeout) {
        this.timeout = timeout;
    }

    @Override
    public int getSoTimeout() {
        return timeout;
    }

    @Override
    public void setTcpNoDelay(boolean on) {
        // not a TCP socket
    }

    @Override
    public void setKeepAlive(boolean on) {
        // not a TCP socket
    }

    @Override
    public String toString() {
        return "UnixSocket[" + path + "]";
    }
}
