package dev.stowage.engine;

import dev.stowage.testing.Cli;
import dev.stowage.testing.ImageArchives;
import dev.stowage.testing.PodmanService;
import dev.stowage.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * An engine behind mutual TLS, as a docker daemon with --tlsverify runs: Podman's API on a Unix socket with
 * socat terminating TLS (server certificate from a test CA, client certificate required) on 127.0.0.1.
 * DOCKER_HOST=tcp://…, DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) reach it.
 */
class EngineTlsTest {
    @TempDir
    static Path dir;
    static PodmanService podman;
    static Process socat;
    static int port;
    static Path certs;

    static void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Tools.run(dir, cmd).assertOk();
    }

    @BeforeAll
    static void start() throws Exception {
        Tools.require("socat");
        Tools.require("openssl");
        podman = PodmanService.start(dir.resolve("podman"));
        Path archive = ImageArchives.ociArchive(dir.resolve("tls.tar"), "docker.io/library/overtls:1", List.of("/x"),
                ImageArchives.layer(Map.of("a", "b")));
        podman.podman("load", "-i", archive.toString()).assertOk();

        certs = Files.createDirectories(dir.resolve("certs"));
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "certs/ca.pem", "-days", "2",
                "-subj", "/CN=Stowage Test Engine CA");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "certs/ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "server.ext", "-out", "server.pem");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "certs/key.pem");
        openssl("req", "-new", "-key", "certs/key.pem", "-out", "client.csr", "-subj", "/CN=client");
        openssl("x509", "-req", "-in", "client.csr", "-CA", "certs/ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "client.ext", "-out", "certs/cert.pem");

        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        socat = new ProcessBuilder("socat", "-d", "-d", "OPENSSL-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork,cert=" + dir.resolve("server.pem")
                + ",key=" + dir.resolve("server.key") + ",cafile=" + certs.resolve("ca.pem") + ",verify=1",
                "UNIX-CONNECT:" + podman.socket())
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        for (int i = 0; i < 100; i++) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        fail("socat did not listen: " + Files.readString(dir.resolve("socat.log")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (socat != null) {
            socat.destroy();
            socat.waitFor();
        }
        if (podman != null) podman.close();
    }

    private static Cli cli(Path certPath) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        return new Cli(dir.resolve("store"), Map.of("HOME", home.toString(), "XDG_RUNTIME_DIR", home.toString(),
                "DOCKER_HOST", "tcp://127.0.0.1:" + port, "DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", certPath.toString()));
    }

    @Test
    void reachesATlsEngineWithDockersCertificateFiles() throws Exception {
        Cli cli = cli(certs);
        Cli.Run engines = cli.run("engines");
        assertThat(engines.out()).as(Files.readString(dir.resolve("socat.log"))).contains("tcp://127.0.0.1:" + port).contains("Podman");
        Cli.Run images = cli.run("--engine", "DOCKER_HOST", "images");
        assertThat(images.exitCode()).as(images.err()).isZero();
        assertThat(images.out()).contains("overtls");
    }

    @Test
    void withoutAClientCertificateTheEngineRefuses() throws Exception {
        Path onlyCa = Files.createDirectories(dir.resolve("only-ca"));
        Files.copy(certs.resolve("ca.pem"), onlyCa.resolve("ca.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Cli.Run run = cli(onlyCa).run("--engine", "DOCKER_HOST", "images");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("Error: cannot connect to the engine 'DOCKER_HOST' at tcp://127.0.0.1:" + port
                + ": the engine refused the TLS connection (it may require a client certificate: cert.pem and key.pem in DOCKER_CERT_PATH)");
    }

    @Test
    void anUntrustedServerCertificateIsRefused() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other-ca"));
        Tools.run(other, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "k", "-out", "ca.pem",
                "-days", "1", "-subj", "/CN=Someone Else").assertOk();
        Files.copy(certs.resolve("cert.pem"), other.resolve("cert.pem"));
        Files.copy(certs.resolve("key.pem"), other.resolve("key.pem"));
        Cli.Run run = cli(other).run("--engine", "DOCKER_HOST", "images");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: cannot connect to the engine 'DOCKER_HOST' at tcp://127.0.0.1:" + port + ": TLS failed: ");
        assertThat(run.err().strip()).doesNotContain("\n");
    }
}
