package dev.stowage.engine;

import dev.stowage.testing.Cli;
import dev.stowage.testing.PodmanService;
import dev.stowage.testing.ReadableClasspath;
import dev.stowage.testing.RegistryServer;
import dev.stowage.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Engines that cannot be used: each gives one clear line (exit 1), and listing engines never fails because of them. */
class EngineConnectionTest {
    static final int NOBODY = 65534;

    @TempDir
    Path dir;

    private Cli cli() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        return new Cli(dir.resolve("store"), Map.of("HOME", home.toString(), "DOCKER_CONFIG", home.resolve(".docker").toString(),
                "XDG_RUNTIME_DIR", Files.createDirectories(dir.resolve("runtime")).toString(), "DOCKER_HOST", ""));
    }

    private static void assertOneLine(Cli.Run run, String expected) {
        assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: " + expected + System.lineSeparator());
    }

    @Test
    void engineNotRunning() throws Exception {
        Path socket = dir.resolve("none.sock");
        assertOneLine(cli().run("--engine", "unix://" + socket, "images"),
                "cannot connect to the engine unix://" + socket + ": no such socket (is it running?)");
    }

    @Test
    void socketLeftBehindByAStoppedEngine() throws Exception {
        Path socket = dir.resolve("stale.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();
        assertOneLine(cli().run("--engine", "unix://" + socket, "images"),
                "cannot connect to the engine unix://" + socket + ": connection refused (is it running?)");
    }

    @Test
    void tcpEngineNotRunning() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertOneLine(cli().run("--engine", "tcp://127.0.0.1:" + port, "images"),
                "cannot connect to the engine tcp://127.0.0.1:" + port + ": connection refused (is it running?)");
    }

    @Test
    void unknownEngineName() throws Exception {
        assertOneLine(cli().run("--engine", "nosuch", "images"),
                "no engine named 'nosuch' (none found; give an address such as unix:///run/podman/podman.sock)");
    }

    @Test
    void aServerThatIsNotAnEngine() throws Exception {
        try (RegistryServer registry = RegistryServer.plain(dir.resolve("registry"))) {
            assertOneLine(cli().run("--engine", "tcp://" + registry.host(), "images"),
                    "tcp://" + registry.host() + " does not look like a Docker or Podman engine (HTTP 404 on /_ping)");
        }
    }

    @Test
    void enginesListsUnreachableOnesWithoutFailing() throws Exception {
        Path socket = dir.resolve("gone.sock");
        Cli.Run run = cli().withEnv(Map.of("DOCKER_HOST", "unix://" + socket)).run("engines");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("DOCKER_HOST").contains("not reachable: no such socket (is it running?)");
        Cli.Run one = cli().run("--engine", "unix://" + socket, "engines", "--format", "json");
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out()).contains("\"Reachable\": false").contains("no such socket");
        Cli.Run none = cli().run("engines");
        assertThat(none.exitCode()).isZero();
        assertThat(none.err()).isEmpty();
    }

    @Test
    void socketPermissionDenied() throws Exception {
        boolean root = "0".equals(Tools.run(dir, "id", "-u").stdout().strip());
        if (root) Tools.require("setpriv");
        Path base = Files.createDirectories(dir.resolve("p"));
        Files.setAttribute(dir, "unix:mode", 0755);
        Files.setAttribute(base, "unix:mode", 0755);
        try (PodmanService podman = PodmanService.start(base.resolve("podman"))) {
            Files.setAttribute(base.resolve("podman"), "unix:mode", 0755);
            Files.setAttribute(podman.socket(), "unix:mode", root ? 0600 : 0);
            String expected = "Error: cannot connect to the engine " + podman.address()
                    + ": permission denied (is your user allowed to use the socket, e.g. in the docker group?)";
            if (!root) {
                assertOneLine(cli().run("--engine", podman.address(), "images"), expected.substring("Error: ".length()));
                return;
            }
            String classpath = ReadableClasspath.copyTo(dir.resolve("cp"));
            Path store = Files.createDirectories(dir.resolve("nobody-store"));
            Files.setAttribute(store, "unix:uid", NOBODY);
            List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                    "dev.stowage.Launcher", "--store", store.toString(), "--engine", podman.address(), "images"));
            Tools.Result result = Tools.run(dir, cmd);
            assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
            assertThat(result.stderr().strip()).isEqualTo(expected);
            assertThat(result.stdout()).isEmpty();
        }
    }
}
