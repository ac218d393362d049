package dev.stowage.registry;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * The TLS configuration of one registry: the system's trusted CAs plus {@code certs.d/<host:port>/*.crt},
 * and a client certificate from {@code *.cert} with its {@code *.key} (PKCS#8 PEM) when present.
 * Verification is never switched off here; an insecure registry uses {@link #trustAll()} explicitly.
 */
public record TlsSetup(SSLContext context, X509TrustManager trustManager) {

    public static TlsSetup forRegistry(List<Path> certDirs) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int n = 0;
            for (X509Certificate c : systemCas()) trust.setCertificateEntry("system-" + n++, c);
            KeyManager[] keyManagers = null;
            for (Path dir : certDirs) {
                for (Path crt : list(dir, "*.crt")) {
                    for (Certificate c : readCertificates(crt)) trust.setCertificateEntry("certsd-" + n++, c);
                }
                for (Path cert : list(dir, "*.cert")) {
                    Path key = cert.resolveSibling(cert.getFileName().toString().replaceAll("\\.cert$", ".key"));
                    if (!Files.isRegularFile(key)) {
                        throw new RegistryException("client certificate " + cert + " has no matching " + key.getFileName());
                    }
                    keyManagers = clientKeyManagers(cert, key);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            X509TrustManager tm = (X509TrustManager) tmf.getTrustManagers()[0];
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, new TrustManager[]{tm}, null);
            return new TlsSetup(ctx, tm);
        } catch (GeneralSecurityException | IOException e) {
            throw new RegistryException("cannot set up TLS: " + e.getMessage());
        }
    }

    /**
     * For a TCP engine (docker's DOCKER_CERT_PATH): trust the system CAs plus {@code ca} when given (or
     * nothing is checked when {@code verify} is false, as docker does without DOCKER_TLS_VERIFY), and present
     * {@code cert} with {@code key} when given. Each {@link java.util.function.Supplier#get()} is a new
     * context with an empty session cache, so no session is ever resumed (as docker's Go client, which has no
     * session cache).
     */
    public static java.util.function.Supplier<TlsSetup> forEngine(Path ca, Path cert, Path key, boolean verify) {
        try {
            KeyManager[] keyManagers = cert == null ? null : clientKeyManagers(cert, key);
            X509TrustManager tm;
            if (verify) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int n = 0;
                for (X509Certificate c : systemCas()) trust.setCertificateEntry("system-" + n++, c);
                if (ca != null) for (Certificate c : readCertificates(ca)) trust.setCertificateEntry("ca-" + n++, c);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                tm = (X509TrustManager) tmf.getTrustManagers()[0];
            } else {
                tm = trustAll().trustManager();
            }
            X509TrustManager trustManager = tm;
            return () -> {
                try {
                    SSLContext ctx = SSLContext.getInstance("TLS");
                    ctx.init(keyManagers, new TrustManager[]{trustManager}, null);
                    return new TlsSetup(ctx, trustManager);
                } catch (GeneralSecurityException e) {
                    throw new RegistryException("cannot set up TLS: " + e.getMessage());
                }
            };
        } catch (GeneralSecurityException | IOException e) {
            throw new RegistryException("cannot set up TLS: " + e.getMessage());
        }
    }

    /** For registries explicitly marked insecure only. */
    public static TlsSetup trustAll() {
        X509TrustManager all = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[]{all}, null);
            return new TlsSetup(ctx, all);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<X509Certificate> systemCas() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        List<X509Certificate> cas = new ArrayList<>();
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) cas.addAll(List.of(x.getAcceptedIssuers()));
        }
        return cas;
    }

    private static List<Path> list(Path dir, String glob) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            ds.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    private static Collection<? extends Certificate> readCertificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    private static KeyManager[] clientKeyManagers(Path cert, Path key) throws IOException, GeneralSecurityException {
        Certificate[] chain = readCertificates(cert).toArray(Certificate[]::new);
        PrivateKey privateKey = readPkcs8Key(key);
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setKeyEntry("client", privateKey, new char[0], chain);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        return kmf.getKeyManagers();
    }

    private static PrivateKey readPkcs8Key(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new RegistryException("client key " + pem + " must be PKCS#8 PEM (BEGIN PRIVATE KEY); convert it with"
                    + " 'openssl pkcs8 -topk8 -nocrypt'");
        }
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(base64);
        for (String alg : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException ignored) {
                // try the next algorithm
            }
        }
        throw new RegistryException("client key " + pem + " is not an RSA, EC or Ed25519 key");
    }
}
