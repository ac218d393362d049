package dev.stowage.testing;

import com.sun.net.httpserver.HttpServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The fault proxy does what it says, against a JDK HTTP server: forwarding, and each fault on its own. */
@Timeout(60)
class FaultProxyTest {
    private static final byte[] BLOB = new byte[1 << 20];

    static {
        new Random(7).nextBytes(BLOB);
    }

    HttpServer origin;
    FaultProxy proxy;
    final AtomicLong received = new AtomicLong();
    /** No retries of its own: every fault reaches the test. */
    final OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

    @BeforeEach
    void start() throws IOException {
        origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin.createContext("/blob", exchange -> {
            exchange.sendResponseHeaders(200, BLOB.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BLOB);
            }
        });
        origin.createContext("/echo", exchange -> {
            long n;
            try (InputStream in = exchange.getRequestBody()) {
                n = in.transferTo(OutputStream.nullOutputStream());
            }
            received.set(n);
            byte[] body = ("got " + n).getBytes();
            exchange.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        origin.start();
        proxy = FaultProxy.to(origin.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        proxy.close();
        origin.stop(0);
        client.connectionPool().evictAll();
    }

    private Request get(String path) {
        return new Request.Builder().url("http://" + proxy.host() + path).build();
    }

    private Request post(byte[] body) {
        return new Request.Builder().url("http://" + proxy.host() + "/echo")
                .post(RequestBody.create(body, MediaType.get("application/octet-stream"))).build();
    }

    private byte[] body(Request request) throws IOException {
        try (Response response = client.newCall(request).execute()) {
            return response.body().bytes();
        }
    }

    @Test
    void forwardsRequestsWithBodiesAndChunkedAnswersOnOneConnection() throws Exception {
        for (int i = 0; i < 3; i++) assertThat(new String(body(post(BLOB)))).isEqualTo("got " + BLOB.length);
        assertThat(body(get("/blob"))).isEqualTo(BLOB);
        assertThat(proxy.connections()).isEqualTo(1);
        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(200, 200, 200, 200);
    }

    @Test
    void answersABurstThenForwards() throws Exception {
        proxy.answer("^GET /blob$", 2, 503, "Retry-After: 7");
        for (int i = 0; i < 2; i++) {
            try (Response r = client.newCall(get("/blob")).execute()) {
                assertThat(r.code()).isEqualTo(503);
                assertThat(r.header("Retry-After")).isEqualTo("7");
            }
        }
        assertThat(body(get("/blob"))).isEqualTo(BLOB);
    }

    @Test
    void resetsAResponseOrARequestAfterNBytes() throws Exception {
        proxy.resetResponseAfter("/blob", 100_000, 1);
        byte[] buffer = new byte[BLOB.length];
        int[] read = {0};
        Throwable t = catchThrowable(() -> {
            try (Response r = client.newCall(get("/blob")).execute(); InputStream in = r.body().byteStream()) {
                for (int n; (n = in.read(buffer, read[0], buffer.length - read[0])) > 0; ) read[0] += n;
            }
        });
        assertThat(t).isInstanceOf(IOException.class);
        assertThat(read[0]).isLessThanOrEqualTo(100_000);

        proxy.resetRequestAfter("/echo", 200_000, 1);
        assertThat(catchThrowable(() -> body(post(BLOB)))).isInstanceOf(IOException.class);
        assertThat(received.get()).as("the origin never saw the whole body").isLessThan(BLOB.length);
        assertThat(new String(body(post(BLOB)))).as("the rule was used up").isEqualTo("got " + BLOB.length);
    }

    @Test
    void corruptsOneByteAndStalls() throws Exception {
        proxy.corruptResponseAt("/blob", 5000, 1).stallResponseAfter("/blob", 1000, Duration.ofMillis(800), 1);
        byte[] got = body(get("/blob"));
        assertThat(got[5000]).isEqualTo((byte) ~BLOB[5000]);
        got[5000] = BLOB[5000];
        assertThat(got).isEqualTo(BLOB);

        long start = System.nanoTime();
        assertThat(body(get("/blob"))).isEqualTo(BLOB);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(750));
    }

    @Test
    void limitsBandwidth() throws Exception {
        proxy.bandwidth(2 << 20);
        long start = System.nanoTime();
        assertThat(body(get("/blob"))).isEqualTo(BLOB);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("1 MiB at 2 MiB/s").isGreaterThanOrEqualTo(Duration.ofMillis(450));
    }

    @Test
    void aConnectionClosedAfterItsAnswerFailsTheNextRequestOnIt() throws Exception {
        proxy.closeAfterEachResponse();
        assertThat(body(get("/blob"))).isEqualTo(BLOB);
        Thread.sleep(100);
        Throwable t = catchThrowable(() -> body(get("/blob")));
        assertThat(t).isInstanceOf(IOException.class);
        client.connectionPool().evictAll();
        assertThat(body(get("/blob"))).isEqualTo(BLOB);
    }

    @Test
    void idleConnectionsAreDroppedAndTlsHandshakesReset() throws Exception {
        proxy.dropIdleAfter(Duration.ofMillis(100)).resetTls();
        assertThat(body(get("/blob"))).isEqualTo(BLOB);
        Thread.sleep(400);
        assertThat(catchThrowable(() -> body(get("/blob")))).as("the pooled connection was dropped").isInstanceOf(IOException.class);

        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, null, null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), proxy.port())) {
            assertThat(catchThrowable(socket::startHandshake)).isInstanceOf(IOException.class);
        }
        assertThat(proxy.exchanges("^TLS")).extracting(FaultProxy.Exchange::fault).containsExactly("reset");
    }
}
