package dev.stowage.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.fail;

/**
 * A real Podman serving the Docker-compatible API on a private Unix socket, with its own storage under a
 * test directory ({@code podman --storage-driver vfs system service --time=0 unix://DIR/podman.sock}), and
 * a registries.conf of its own that marks {@code insecureRegistries} as plain HTTP.
 */
public final class PodmanService implements AutoCloseable {
    private final Path dir;
    private final Path socket;
    private final Process process;

    private final String address;

    private PodmanService(Path dir, Path socket, Process process, String address) {
        this.dir = dir;
        this.socket = socket;
        this.process = process;
        this.address = address;
    }

    public static PodmanService start(Path dir, String... insecureRegistries) throws IOException, InterruptedException {
        return start(dir, null, dir.resolve("podman.sock"), insecureRegistries);
    }

    /** Listening on {@code socket} (podman's runroot must stay short, so the socket may live elsewhere). */
    public static PodmanService startAt(Path dir, Path socket) throws IOException, InterruptedException {
        return start(dir, null, socket);
    }

    /** Serving on {@code tcp://127.0.0.1:PORT} instead of a socket (plain HTTP, as {@code podman system service tcp://…}). */
    public static PodmanService startTcp(Path dir, int port) throws IOException, InterruptedException {
        return start(dir, port, null);
    }

    private static PodmanService start(Path dir, Integer tcpPort, Path socket, String... insecureRegistries)
            throws IOException, InterruptedException {
        Tools.require("podman");
        Files.createDirectories(dir);
        if (socket != null) Files.createDirectories(socket.getParent());
        Path log = dir.resolve("service.log");
        String listen = tcpPort == null ? "unix://" + socket : "tcp://127.0.0.1:" + tcpPort;
        if (tcpPort == null && ("unix://" + socket).length() > 107) fail("socket path too long: " + socket);
        ProcessBuilder pb = new ProcessBuilder(Tools.podman(dir, "system", "service", "--time=0", listen));
        pb.environment().put("CONTAINERS_REGISTRIES_CONF", registriesConf(dir, insecureRegistries).toString());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) fail("podman system service exited: " + Files.readString(log));
            if (tcpPort == null ? Files.exists(socket) && answers(socket) : answers(tcpPort)) {
                return new PodmanService(dir, tcpPort == null ? socket : null, p, listen);
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        fail("podman system service did not open " + socket + ": " + Files.readString(log));
        return null;
    }

    private static Path registriesConf(Path dir, String... insecure) throws IOException {
        StringBuilder sb = new StringBuilder("unqualified-search-registries = []\nshort-name-mode = \"disabled\"\n");
        for (String r : insecure) sb.append("\n[[registry]]\nlocation = \"").append(r).append("\"\ninsecure = true\n");
        Path conf = dir.resolve("registries.conf");
        Files.writeString(conf, sb.toString());
        return conf;
    }

    private static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean answers(int port) {
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Path socket() {
        return socket;
    }

    /** {@code unix:///…/podman.sock} or {@code tcp://127.0.0.1:PORT}. */
    public String address() {
        return address;
    }

    /** Runs the podman CLI on the same storage as the service. */
    public Tools.Result podman(String... args) throws IOException, InterruptedException {
        return Tools.run(dir, Tools.podman(dir, args));
    }

    public List<String> command(String... args) {
        return Tools.podman(dir, args);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
