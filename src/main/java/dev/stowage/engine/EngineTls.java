package dev.stowage.engine;

import dev.stowage.registry.TlsSetup;

import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * TLS to a TCP engine from docker's DOCKER_CERT_PATH files: {@code ca.pem}, {@code cert.pem}, {@code key.pem}
 * (PKCS#8). Every connection gets a fresh context, so sessions are never resumed: docker's own client does
 * not resume either, and some TLS fronts (socat with client certificates) fail a resumption.
 */
record EngineTls(SSLSocketFactory socketFactory, X509TrustManager trustManager) {
    static EngineTls of(EngineEndpoint.Tls tls) {
        Path dir = tls.certDir();
        Path ca = dir == null ? null : dir.resolve("ca.pem");
        Path cert = dir == null ? null : dir.resolve("cert.pem");
        Path key = dir == null ? null : dir.resolve("key.pem");
        try {
            Supplier<TlsSetup> contexts = TlsSetup.forEngine(ca != null && Files.isRegularFile(ca) ? ca : null,
                    cert != null && Files.isRegularFile(cert) ? cert : null, key, tls.verify());
            TlsSetup first = contexts.get();
            return new EngineTls(new FreshContexts(contexts, first.context().getSocketFactory()), first.trustManager());
        } catch (RuntimeException e) {
            throw new EngineException("cannot set up TLS for the engine: " + e.getMessage());
        }
    }

    /** Layers TLS over OkHttp's connected sockets, each time with a new context. */
    private static final class FreshContexts extends SSLSocketFactory {
        private final Supplier<TlsSetup> contexts;
        private final SSLSocketFactory template;

        FreshContexts(Supplier<TlsSetup> contexts, SSLSocketFactory template) {
            this.contexts = contexts;
            this.template = template;
        }

        private SSLSocketFactory fresh() {
            return contexts.get().context().getSocketFactory();
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return template.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return template.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return fresh().createSocket(s, host, port, autoClose);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return fresh().createSocket(host, port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return fresh().createSocket(host, port, localHost, localPort);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return fresh().createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return fresh().createSocket(address, port, localAddress, localPort);
        }
    }
}
