package dev.stowage.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where engines are found: DOCKER_HOST (+TLS variables), the docker context, and the well-known sockets that exist. */
class EngineDiscoveryTest {
    @TempDir
    Path dir;

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.resolve("home").toString());
        for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
        return env;
    }

    private EngineDiscovery discovery(Map<String, String> env) {
        return new EngineDiscovery(env, dir.resolve("docker.sock"), dir.resolve("run-podman.sock"));
    }

    private Path socket(Path path) throws Exception {
        Files.createDirectories(path.getParent());
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(path));
        }
        return path;
    }

    @Test
    void nothingFoundIsAnEmptyList() {
        assertThat(discovery(env()).discover()).isEmpty();
    }

    @Test
    void dockerHostTcpWithTlsVariables() {
        List<EngineEndpoint> found = discovery(env("DOCKER_HOST", "tcp://10.0.0.5:2376", "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", "/certs")).discover();
        assertThat(found).hasSize(1);
        EngineEndpoint e = found.get(0);
        assertThat(e.name()).isEqualTo("DOCKER_HOST");
        assertThat(e.tls()).isEqualTo(new EngineEndpoint.Tls(Path.of("/certs"), true));
        assertThat(e.baseUrl()).isEqualTo("https://10.0.0.5:2376");

        EngineEndpoint plain = discovery(env("DOCKER_HOST", "tcp://10.0.0.5:2375")).discover().get(0);
        assertThat(plain.tls()).isNull();
        assertThat(plain.baseUrl()).isEqualTo("http://10.0.0.5:2375");

        EngineEndpoint unverified = discovery(env("DOCKER_HOST", "tcp://h:2376", "DOCKER_CERT_PATH", "/c")).discover().get(0);
        assertThat(unverified.tls()).isEqualTo(new EngineEndpoint.Tls(Path.of("/c"), false));
    }

    @Test
    void theCurrentDockerContext() throws Exception {
        Path docker = Files.createDirectories(dir.resolve("home/.docker"));
        Files.writeString(docker.resolve("config.json"), "{\"currentContext\":\"remote\"}");
        String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("remote".getBytes(StandardCharsets.UTF_8)));
        Path meta = Files.createDirectories(docker.resolve("contexts/meta/" + id));
        Files.writeString(meta.resolve("meta.json"), """
                {"Name":"remote","Metadata":{},"Endpoints":{"docker":{"Host":"tcp://build.example.com:2376","SkipTLSVerify":false}}}""");
        Path tls = Files.createDirectories(docker.resolve("contexts/tls/" + id + "/docker"));

        List<EngineEndpoint> found = discovery(env()).discover();
        assertThat(found).hasSize(1);
        assertThat(found.get(0).name()).isEqualTo("remote");
        assertThat(found.get(0).origin()).isEqualTo("docker context");
        assertThat(found.get(0).address()).isEqualTo("tcp://build.example.com:2376");
        assertThat(found.get(0).tls()).isEqualTo(new EngineEndpoint.Tls(tls, true));

        // DOCKER_CONTEXT wins over config.json; "default" is DOCKER_HOST or the default socket
        assertThat(discovery(env("DOCKER_CONTEXT", "default")).discover()).isEmpty();
        assertThat(discovery(env("DOCKER_CONTEXT", "missing")).discover()).isEmpty();
        assertThatThrownBy(() -> discovery(env("DOCKER_CONTEXT", "missing")).resolve("missing"))
                .isInstanceOf(EngineException.class).hasMessageStartingWith("docker context 'missing' not found (");
    }

    @Test
    void anUnsupportedDockerHostIsNotListedButExplained() {
        EngineDiscovery d = discovery(env("DOCKER_HOST", "ssh://me@build.example.com"));
        assertThat(d.discover()).isEmpty();
        assertThatThrownBy(() -> d.resolve("DOCKER_HOST")).isInstanceOf(EngineException.class)
                .hasMessage("engine address 'ssh://me@build.example.com': ssh:// is not supported (use unix:// or tcp://)");
    }

    @Test
    void wellKnownSocketsThatExistInOrderOnceEach() throws Exception {
        socket(dir.resolve("docker.sock"));
        Path user = socket(dir.resolve("runtime/podman/podman.sock"));
        socket(dir.resolve("run-podman.sock"));
        List<EngineEndpoint> found = discovery(env("XDG_RUNTIME_DIR", dir.resolve("runtime").toString(),
                "DOCKER_HOST", "unix://" + dir.resolve("docker.sock"))).discover();
        assertThat(found).extracting(EngineEndpoint::name).containsExactly("DOCKER_HOST", "podman", "podman-root");
        assertThat(found.get(1).socketPath()).isEqualTo(user);
    }

    @Test
    void engineOptionTakesANameOrAnAddress() throws Exception {
        socket(dir.resolve("docker.sock"));
        EngineDiscovery d = discovery(env());
        assertThat(d.resolve("docker").socketPath()).isEqualTo(dir.resolve("docker.sock"));
        assertThat(d.resolve("/var/run/other.sock").address()).isEqualTo("unix:///var/run/other.sock");
        assertThat(d.resolve("tcp://127.0.0.1:2375").baseUrl()).isEqualTo("http://127.0.0.1:2375");
        assertThatThrownBy(() -> d.resolve("ssh://me@host")).isInstanceOf(EngineException.class)
                .hasMessage("engine address 'ssh://me@host': ssh:// is not supported (use unix:// or tcp://)");
        assertThatThrownBy(() -> d.resolve("nosuch")).isInstanceOf(EngineException.class)
                .hasMessage("no engine named 'nosuch' (found: docker)");
    }
}
