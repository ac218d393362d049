package dev.stowage.engine;

import dev.stowage.registry.TlsSetup;

import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import java.nio.file.Files;
import java.nio.file.Path;

/** TLS to a TCP engine from docker's DOCKER_CERT_PATH files: {@code ca.pem}, {@code cert.pem}, {@code key.pem} (PKCS#8). */
record EngineTls(SSLSocketFactory socketFactory, X509TrustManager trustManager) {
    static EngineTls of(EngineEndpoint.Tls tls) {
        Path dir = tls.certDir();
        Path ca = dir == null ? null : dir.resolve("ca.pem");
        Path cert = dir == null ? null : dir.resolve("cert.pem");
        Path key = dir == null ? null : dir.resolve("key.pem");
        try {
            TlsSetup setup = TlsSetup.forEngine(ca != null && Files.isRegularFile(ca) ? ca : null,
                    cert != null && Files.isRegularFile(cert) ? cert : null, key, tls.verify());
            return new EngineTls(setup.context().getSocketFactory(), setup.trustManager());
        } catch (RuntimeException e) {
            throw new EngineException("cannot set up TLS for the engine: " + e.getMessage());
        }
    }
}
