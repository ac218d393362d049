package dev.stowage.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A hostile network between a client and a server on this machine: an HTTP/1.1-aware proxy on 127.0.0.1 that
 * forwards to 127.0.0.1:{@code targetPort} and injects faults into chosen requests — status bursts (503, 429 with
 * Retry-After…), connections reset after N bytes of a request or response body, stalls, a corrupted byte — plus a
 * bandwidth limit, connections closed after each answer (a server that closes without saying so, as an HTTP/1.0
 * one) or when idle, and resets of TLS handshakes (an https attempt on a plain-HTTP port cut off).
 *
 * <p>Rules match {@code "METHOD request-target"} (e.g. {@code "^GET /v2/$"}, {@code "PATCH /v2/team/app/blobs/"})
 * with {@link java.util.regex.Matcher#find()}; each applies {@code times} times; a request takes the first rule,
 * in the order they were added, that matches and has uses left, so rules added one after the other make a
 * sequence. Every request is logged ({@link #exchanges()}) with the status it got and the fault done to it.
 *
 * <p>Bounded: loopback only, at most {@value #MAX_CONNECTIONS} connections at once (more are closed at once),
 * request and response heads at most 64 KiB, every socket read times out after two minutes, and {@link #close()}
 * closes every socket. Connections opening with a TLS handshake are relayed as they are unless {@link #resetTls()}.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.to(registry.port())) {
 *     proxy.answer("^GET /v2/$", 3, 503).resetResponseAfter("GET /v2/.+/blobs/sha256:", 100_000, 1).bandwidth(4 << 20);
 *     cli.run("pull", proxy.host() + "/team/app:1");
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {
    public static final int MAX_CONNECTIONS = 64;
    private static final int MAX_HEAD = 64 * 1024;
    private static final int PIECE = 16 * 1024;
    private static final int READ_TIMEOUT_MS = 120_000;

    /** One request as the proxy saw it: its connection (numbered from 1), what was asked, answered and done. */
    public record Exchange(int connection, String method, String target, int status, String fault) {
        public boolean is(String regex) {
            return Pattern.compile(regex).matcher(method + " " + target).find();
        }
    }

    private enum Kind { ANSWER, RESET_REQUEST, RESET_RESPONSE, STALL_RESPONSE, CORRUPT_REQUEST, CORRUPT_RESPONSE }

    private static final class Rule {
        final Pattern match;
        final Kind kind;
        final long offset;
        final int status;
        final List<String> headers;
        final Duration stall;
        int remaining;

        Rule(String regex, Kind kind, int times, long offset, int status, List<String> headers, Duration stall) {
            this.match = Pattern.compile(regex);
            this.kind = kind;
            this.remaining = times;
            this.offset = offset;
            this.status = status;
            this.headers = headers;
            this.stall = stall;
        }
    }

    /** Thrown inside a connection's thread to reset it (RST both ways). */
    private static final class Reset extends IOException {
        Reset() {
            super("reset by the fault proxy");
        }
    }

    private final int targetPort;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Rule> rules = new ArrayList<>();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean resetTls;
    private volatile boolean closeAfterEachResponse;
    private volatile Duration idleLimit;
    private volatile long bytesPerSecond;
    private long nextFreeNanos;

    private FaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::acceptLoop);
    }

    /** A proxy on 127.0.0.1 and a free port, in front of 127.0.0.1:{@code targetPort}. */
    public static FaultProxy to(int targetPort) throws IOException {
        return new FaultProxy(targetPort);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + port();
    }

    /** {@code http://127.0.0.1:PORT} with {@code path} (and the query) of {@code original}. */
    public URI via(URI original) {
        return URI.create("http://" + host() + original.getRawPath() + (original.getRawQuery() == null ? "" : "?" + original.getRawQuery()));
    }

    // ---------------------------------------------------------------- faults

    /** Answers {@code times} matching requests with {@code status} itself (headers as {@code "Name: value"}). */
    public FaultProxy answer(String regex, int times, int status, String... headers) {
        return add(new Rule(regex, Kind.ANSWER, times, 0, status, List.of(headers), null));
    }

    /** Resets the connection after {@code bodyBytes} of a matching request's body were forwarded (0: after its head). */
    public FaultProxy resetRequestAfter(String regex, long bodyBytes, int times) {
        return add(new Rule(regex, Kind.RESET_REQUEST, times, bodyBytes, 0, List.of(), null));
    }

    /** Resets the connection after the head and {@code bodyBytes} of the response to a matching request. */
    public FaultProxy resetResponseAfter(String regex, long bodyBytes, int times) {
        return add(new Rule(regex, Kind.RESET_RESPONSE, times, bodyBytes, 0, List.of(), null));
    }

    /** Holds the response to a matching request for {@code stall} after {@code bodyBytes} of its body. */
    public FaultProxy stallResponseAfter(String regex, long bodyBytes, Duration stall, int times) {
        return add(new Rule(regex, Kind.STALL_RESPONSE, times, bodyBytes, 0, List.of(), stall));
    }

    /** Flips the bits of the byte at {@code bodyOffset} of a matching request's body. */
    public FaultProxy corruptRequestAt(String regex, long bodyOffset, int times) {
        return add(new Rule(regex, Kind.CORRUPT_REQUEST, times, bodyOffset, 0, List.of(), null));
    }

    /** Flips the bits of the byte at {@code bodyOffset} of the response body to a matching request. */
    public FaultProxy corruptResponseAt(String regex, long bodyOffset, int times) {
        return add(new Rule(regex, Kind.CORRUPT_RESPONSE, times, bodyOffset, 0, List.of(), null));
    }

    private synchronized FaultProxy add(Rule rule) {
        rules.add(rule);
        return this;
    }

    /** At most this many bytes a second through the proxy, all connections and both directions together. */
    public FaultProxy bandwidth(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        return this;
    }

    /** Resets every connection that opens with a TLS handshake (else they are relayed untouched). */
    public FaultProxy resetTls() {
        this.resetTls = true;
        return this;
    }

    /** Closes each connection once a response is forwarded, without a {@code Connection: close} header. */
    public FaultProxy closeAfterEachResponse() {
        this.closeAfterEachResponse = true;
        return this;
    }

    /** Closes a connection that has been idle between requests for {@code limit}. */
    public FaultProxy dropIdleAfter(Duration limit) {
        this.idleLimit = limit;
        return this;
    }

    /** Every request so far, in order of arrival. */
    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** The requests matching {@code regex} so far. */
    public List<Exchange> exchanges(String regex) {
        return exchanges.stream().filter(e -> e.is(regex)).toList();
    }

    /** How many connections clients opened. */
    public int connections() {
        return connections.get();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(FaultProxy::closeQuietly);
        threads.shutdownNow();
    }

    // ---------------------------------------------------------------- connections

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            if (!slots.tryAcquire()) {
                closeQuietly(client);
                continue;
            }
            int id = connections.incrementAndGet();
            open.add(client);
            threads.execute(() -> {
                Socket upstream = null;
                try {
                    client.setSoTimeout(READ_TIMEOUT_MS);
                    upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    upstream.setSoTimeout(READ_TIMEOUT_MS);
                    open.add(upstream);
                    serve(id, client, upstream);
                } catch (Reset r) {
                    reset(client);
                    if (upstream != null) reset(upstream);
                } catch (IOException | RuntimeException e) {
                    // the client or the server went away: so does the connection
                } finally {
                    closeQuietly(client);
                    open.remove(client);
                    if (upstream != null) {
                        closeQuietly(upstream);
                        open.remove(upstream);
                    }
                    slots.release();
                }
            });
        }
    }

    private void serve(int id, Socket client, Socket upstream) throws IOException {
        PushbackInputStream fromClient = new PushbackInputStream(new BufferedInputStream(client.getInputStream()), 1);
        InputStream fromServer = new BufferedInputStream(upstream.getInputStream());
        OutputStream toClient = client.getOutputStream();
        OutputStream toServer = upstream.getOutputStream();
        int first = fromClient.read();
        if (first < 0) return;
        fromClient.unread(first);
        if (first == 0x16) { // a TLS handshake record
            log(new Exchange(id, "TLS", "", 0, resetTls ? "reset" : "relayed"));
            if (resetTls) throw new Reset();
            tunnel(fromClient, toServer, fromServer, toClient);
            return;
        }
        while (true) {
            Head request = Head.read(fromClient);
            if (request == null) return;
            String[] line = request.firstLine().split(" ", 3);
            String method = line[0];
            String target = line.length > 1 ? line[1] : "";
            Rule rule = take(method + " " + target, request.header("Content-Length"));
            Kind kind = rule == null ? null : rule.kind;
            if (kind == Kind.ANSWER) {
                copyBody(fromClient, OutputStream.nullOutputStream(), request, false, method, new Faults(-1, -1, -1, null));
                log(new Exchange(id, method, target, rule.status, "answered " + rule.status));
                toClient.write(answer(rule));
                toClient.flush();
            } else {
                String fault = kind == null ? "" : kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " at " + rule.offset;
                int logged = log(new Exchange(id, method, target, 0, fault));
                throttle(request.bytes().length);
                toServer.write(request.bytes());
                Faults requestFaults = new Faults(kind == Kind.RESET_REQUEST ? rule.offset : -1,
                        kind == Kind.CORRUPT_REQUEST ? rule.offset : -1, -1, null);
                copyBody(fromClient, toServer, request, false, method, requestFaults);
                toServer.flush();
                Head response = Head.read(fromServer);
                if (response == null) return;
                String[] status = response.firstLine().split(" ", 3);
                synchronized (exchanges) {
                    exchanges.set(logged, new Exchange(id, method, target, status.length > 1 ? parseStatus(status[1]) : 0, fault));
                }
                throttle(response.bytes().length);
                toClient.write(response.bytes());
                Faults responseFaults = new Faults(kind == Kind.RESET_RESPONSE ? rule.offset : -1,
                        kind == Kind.CORRUPT_RESPONSE ? rule.offset : -1,
                        kind == Kind.STALL_RESPONSE ? rule.offset : -1, kind == Kind.STALL_RESPONSE ? rule.stall : null);
                boolean untilClose = copyBody(fromServer, toClient, response, true, method, responseFaults);
                toClient.flush();
                if (untilClose || "close".equalsIgnoreCase(response.header("Connection"))) return;
            }
            if (closeAfterEachResponse) return;
            if (!awaitNextRequest(client, fromClient)) return;
        }
    }

    /** Waits for the next request's first byte, no longer than the idle limit; false to close the connection. */
    private boolean awaitNextRequest(Socket client, PushbackInputStream in) throws IOException {
        Duration limit = idleLimit;
        if (limit == null) return true;
        client.setSoTimeout((int) Math.max(1, limit.toMillis()));
        try {
            int b = in.read();
            if (b < 0) return false;
            in.unread(b);
            return true;
        } catch (SocketTimeoutException idle) {
            return false;
        } finally {
            client.setSoTimeout(READ_TIMEOUT_MS);
        }
    }

    /** Logs an exchange; returns its index, to note its status once the response comes. */
    private int log(Exchange exchange) {
        synchronized (exchanges) {
            exchanges.add(exchange);
            return exchanges.size() - 1;
        }
    }

    /** The first rule for this request with uses left; one that cuts or corrupts a body only if the body is longer. */
    private synchronized Rule take(String requestLine, String contentLength) {
        long length = contentLength == null ? Long.MAX_VALUE : parseLength(contentLength);
        for (Rule rule : rules) {
            boolean bodyTooShort = (rule.kind == Kind.RESET_REQUEST || rule.kind == Kind.CORRUPT_REQUEST) && length <= rule.offset
                    && !(rule.kind == Kind.RESET_REQUEST && rule.offset == 0);
            if (rule.remaining > 0 && !bodyTooShort && rule.match.matcher(requestLine).find()) {
                rule.remaining--;
                return rule;
            }
        }
        return null;
    }

    private static byte[] answer(Rule rule) {
        byte[] body = ("{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"injected by the fault proxy\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 " + rule.status + " Injected\r\n");
        head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        rule.headers.forEach(h -> head.append(h).append("\r\n"));
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    private static long parseLength(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static int parseStatus(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void tunnel(InputStream fromClient, OutputStream toServer, InputStream fromServer, OutputStream toClient) throws IOException {
        threads.execute(() -> {
            try {
                fromServer.transferTo(toClient);
            } catch (IOException ignored) {
                // one side closed
            }
        });
        fromClient.transferTo(toServer);
    }

    // ---------------------------------------------------------------- bodies

    /** Where a message's body is cut, corrupted or held, as body offsets; -1 for none. */
    private record Faults(long resetAt, long corruptAt, long stallAt, Duration stall) {
    }

    /**
     * Forwards a message body as its head frames it: chunked, Content-Length, or (a response without either)
     * until the server closes; true in that last case.
     */
    private boolean copyBody(InputStream in, OutputStream out, Head head, boolean response, String method, Faults faults)
            throws IOException {
        Sender sender = new Sender(out, faults);
        if (response) {
            int status = parseStatus(head.firstLine().split(" ", 3).length > 1 ? head.firstLine().split(" ", 3)[1] : "0");
            if (method.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304) return sender.end();
        }
        if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
            while (true) {
                String sizeLine = readLine(in);
                sender.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                int semicolon = sizeLine.indexOf(';');
                long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    String trailer;
                    do {
                        trailer = readLine(in);
                        sender.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    } while (!trailer.isEmpty());
                    return sender.end();
                }
                sender.copy(in, size);
                sender.write(readLine(in).concat("\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        String length = head.header("Content-Length");
        if (length != null) {
            sender.copy(in, Long.parseLong(length.trim()));
            return sender.end();
        }
        if (!response) return sender.end();
        sender.copy(in, Long.MAX_VALUE);
        sender.end();
        return true;
    }

    /** Writes a body piece by piece under the bandwidth limit, doing its faults at their offsets. */
    private final class Sender {
        private final OutputStream out;
        private final Faults faults;
        private long sent;
        private boolean stalled;

        Sender(OutputStream out, Faults faults) {
            this.out = out;
            this.faults = faults;
        }

        void copy(InputStream in, long length) throws IOException {
            byte[] buffer = new byte[PIECE];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    if (length == Long.MAX_VALUE) return;
                    throw new IOException("the peer closed mid-body");
                }
                write(buffer, 0, n);
                left -= n;
            }
        }

        void write(byte[] bytes) throws IOException {
            write(bytes, 0, bytes.length);
        }

        void write(byte[] bytes, int off, int len) throws IOException {
            int at = off;
            int end = off + len;
            while (at < end) {
                // the next fault offset within this piece splits it
                int n = end - at;
                n = (int) Math.min(n, until(faults.resetAt, n));
                if (!stalled) n = (int) Math.min(n, until(faults.stallAt, n));
                if (n > 0) {
                    if (faults.corruptAt >= sent && faults.corruptAt < sent + n) bytes[at + (int) (faults.corruptAt - sent)] ^= (byte) 0xFF;
                    throttle(n);
                    out.write(bytes, at, n);
                    at += n;
                    sent += n;
                }
                fault();
            }
        }

        /** How many bytes may go before reaching {@code offset} (all of {@code n} when it is behind or past). */
        private long until(long offset, int n) {
            return offset < sent ? n : offset - sent;
        }

        private void fault() throws IOException {
            if (sent == faults.resetAt) {
                out.flush();
                throw new Reset();
            }
            if (sent == faults.stallAt && !stalled) {
                stalled = true;
                out.flush();
                sleep(faults.stall);
            }
        }

        /** The body is over: a fault at its very end (or at 0 of an empty body) still happens. */
        boolean end() throws IOException {
            fault();
            return false;
        }
    }

    private void throttle(int n) throws IOException {
        long rate = bytesPerSecond;
        if (rate <= 0) return;
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long start = Math.max(now, nextFreeNanos);
            nextFreeNanos = start + n * 1_000_000_000L / rate;
            wait = nextFreeNanos - now;
        }
        sleep(Duration.ofNanos(wait));
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("the fault proxy is closing");
        }
    }

    // ---------------------------------------------------------------- heads

    /** A request or status line with its header lines, and the exact bytes they came in. */
    private record Head(String firstLine, List<String> lines, byte[] bytes) {
        /** Reads a head up to its empty line; null when the stream ends before one begins. */
        static Head read(InputStream in) throws IOException {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = readLine(in, raw, lines.isEmpty());
                if (line == null) return null;
                if (line.isEmpty()) {
                    if (lines.isEmpty()) continue; // a stray CRLF between messages
                    return new Head(lines.get(0), List.copyOf(lines), raw.toByteArray());
                }
                lines.add(line);
            }
        }

        String header(String name) {
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
            }
            return null;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        String line = readLine(in, new ByteArrayOutputStream(), false);
        if (line == null) throw new IOException("the peer closed mid-body");
        return line;
    }

    /** One CRLF- (or LF-) ended line, appended to {@code raw}; null at the end of the stream if {@code endOk} and nothing was read. */
    private static String readLine(InputStream in, ByteArrayOutputStream raw, boolean endOk) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (endOk && line.size() == 0) return null;
                throw new IOException("the peer closed mid-head");
            }
            raw.write(b);
            if (raw.size() > MAX_HEAD) throw new IOException("head larger than " + MAX_HEAD + " bytes");
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
    }

    // ---------------------------------------------------------------- sockets

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closed already
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed already
        }
    }
}
