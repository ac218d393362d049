package dev.stowage.container.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Json;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's network: its own namespace with outbound access through slirp4netns (as rootless Podman 4
 * does) and {@code -p} forwarded by slirp4netns' {@code add_hostfwd}; or the host's; or an empty namespace
 * ({@code none}). As root the namespace is made first and bind-mounted at {@code <container>/netns}
 * ({@code unshare --net=FILE}), so it exists before the runtime starts; not root, the runtime makes it and
 * slirp4netns joins the container's first process. slirp4netns runs detached (its pid in
 * {@code slirp.pid}) until the container's exit ends it.
 */
public final class Network {
    public static final String GUEST_ADDRESS = "10.0.2.100";
    private final Path dir;
    private final String id;
    private final Path runDir;

    /** {@code runDir} holds the API socket (socket paths are short: 108 bytes). */
    public Network(Path containerDir, String id, Path runDir) {
        this.dir = containerDir;
        this.id = id;
        this.runDir = runDir;
    }

    public Path namespaceFile() {
        return dir.resolve("netns");
    }

    public Path pidFile() {
        return dir.resolve("slirp.pid");
    }

    Path apiSocket() {
        return runDir.resolve(id.substring(0, 24) + ".slirp");
    }

    /** Refuses a host port something already listens on, before anything is made (docker: "port is already allocated"). */
    public static void checkPortsFree(List<RunSpec.PortForward> ports) {
        for (RunSpec.PortForward p : ports) {
            if (!p.proto().equals("tcp")) continue;
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getByName(p.hostIp()), p.hostPort()));
            } catch (IOException e) {
                throw new RunFailure(RunFailure.STOWAGE, "Bind for " + p.hostIp() + ":" + p.hostPort() + " failed: port is already allocated");
            }
        }
    }

    /** As root: a fresh network namespace bind-mounted at {@link #namespaceFile()}. */
    public Path createNamespace() throws IOException {
        release();
        Path file = namespaceFile();
        Files.deleteIfExists(file);
        Files.createFile(file);
        Processes.runChecked(List.of("unshare", "--net=" + file, "true"));
        return file;
    }

    /** Starts slirp4netns on the namespace file (or, null, on the namespace of {@code pid}) and forwards the ports. */
    public void start(Path namespace, long pid, List<RunSpec.PortForward> ports, java.util.Map<String, String> env) throws IOException {
        Path slirp = OciRuntime.onPath("slirp4netns", env).orElseThrow(() ->
                new RunFailure(RunFailure.STOWAGE, "slirp4netns not found: install it (apt-get install slirp4netns) or use --network host or none"));
        Files.createDirectories(runDir);
        Files.deleteIfExists(apiSocket());
        List<String> cmd = new ArrayList<>(List.of("setsid", slirp.toString(), "--disable-host-loopback", "--mtu=65520",
                "--enable-sandbox", "--enable-seccomp", "-c", "--api-socket", apiSocket().toString()));
        if (namespace != null) cmd.addAll(List.of("--netns-type=path", namespace.toString(), "tap0"));
        else cmd.addAll(List.of(Long.toString(pid), "tap0"));
        Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                .redirectOutput(dir.resolve("slirp.log").toFile()).redirectErrorStream(true).start();
        Files.writeString(pidFile(), Long.toString(p.pid()));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            if (!p.isAlive()) throw new RunFailure(RunFailure.STOWAGE, "slirp4netns failed: " + firstError(dir.resolve("slirp.log")));
            if (Files.exists(apiSocket())) {
                try {
                    api(Json.object().put("execute", "list_hostfwd"));
                    break;
                } catch (IOException notYet) {
                    // the socket exists before it listens
                }
            }
            if (System.nanoTime() > deadline) throw new RunFailure(RunFailure.STOWAGE, "slirp4netns did not come up in 10 s");
            sleep(10);
        }
        for (RunSpec.PortForward f : ports) {
            ObjectNode req = Json.object().put("execute", "add_hostfwd");
            req.putObject("arguments").put("proto", f.proto()).put("host_addr", f.hostIp()).put("host_port", f.hostPort())
                    .put("guest_port", f.containerPort());
            JsonNode answer = api(req);
            if (answer.has("error")) {
                String desc = answer.path("error").path("desc").asText(answer.path("error").toString());
                throw new RunFailure(RunFailure.STOWAGE, "Bind for " + f.hostIp() + ":" + f.hostPort() + " failed: " + desc);
            }
        }
    }

    private JsonNode api(ObjectNode request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(apiSocket()));
            ch.write(ByteBuffer.wrap(Json.bytes(request)));
            ch.shutdownOutput();
            try (InputStream in = Channels.newInputStream(ch)) {
                return Json.readTree(in.readAllBytes());
            }
        }
    }

    /** Ends slirp4netns, unmounts the namespace file, deletes conmon's socket directory; what is not there is fine. */
    public void release() throws IOException {
        dev.stowage.util.FileOps.deleteRecursively(runDir.resolve(id));
        Processes.stop(pidFile());
        Files.deleteIfExists(pidFile());
        Files.deleteIfExists(apiSocket());
        if (Files.exists(namespaceFile())) {
            new ProcessBuilder("umount", namespaceFile().toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().onExit().join();
            Files.deleteIfExists(namespaceFile());
        }
    }

    /** The shell lines that do {@link #release()} from conmon's exit command. */
    String releaseScript() {
        return "[ -f '" + pidFile() + "' ] && kill $(cat '" + pidFile() + "') 2>/dev/null\n"
                + "rm -f '" + pidFile() + "' '" + apiSocket() + "'\n"
                + "[ -e '" + namespaceFile() + "' ] && umount '" + namespaceFile() + "' 2>/dev/null; rm -f '" + namespaceFile() + "'\n"
                + "rm -rf '" + runDir.resolve(id) + "'\n";
    }

    /** hosts, hostname and resolv.conf for the container (docker keeps them in the container directory). */
    public static void writeEtcFiles(Path etcDir, String network, String hostname) throws IOException {
        Files.createDirectories(etcDir);
        Files.writeString(etcDir.resolve("hostname"), hostname + "\n");
        if (network.equals("host")) {
            Files.writeString(etcDir.resolve("hosts"), readOr(Path.of("/etc/hosts"), "127.0.0.1\tlocalhost\n"));
            Files.writeString(etcDir.resolve("resolv.conf"), hostResolvConf());
            return;
        }
        StringBuilder hosts = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
                + "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n");
        if (network.equals(RunSpec.PRIVATE)) hosts.append(GUEST_ADDRESS).append('\t').append(hostname).append('\n');
        Files.writeString(etcDir.resolve("hosts"), hosts.toString());
        // slirp4netns answers DNS at 10.0.2.3; a host resolver on 127.x would not be reachable from the namespace
        Files.writeString(etcDir.resolve("resolv.conf"), network.equals(RunSpec.PRIVATE) ? "nameserver 10.0.2.3\n" : hostResolvConf());
    }

    private static String hostResolvConf() {
        String text = readOr(Path.of("/etc/resolv.conf"), "");
        if (text.contains("127.0.0.53")) text = readOr(Path.of("/run/systemd/resolve/resolv.conf"), text);
        return text;
    }

    private static String readOr(Path p, String fallback) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return fallback;
        }
    }

    /** The first line of a helper's output that is not a warning. */
    static String firstError(Path file) {
        return readOr(file, "").lines().filter(l -> !l.isBlank() && !l.startsWith("WARNING")).findFirst().orElse(lastLine(file));
    }

    static String lastLine(Path file) {
        String text = readOr(file, "").strip();
        int nl = text.lastIndexOf('\n');
        return nl < 0 ? text : text.substring(nl + 1);
    }

    static void sleep(long ms) throws java.io.InterruptedIOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }
}
