package dev.stowage.engine;

import dev.stowage.testing.Cli;
import dev.stowage.testing.ImageArchives;
import dev.stowage.testing.PodmanService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An engine on TCP (DOCKER_HOST=tcp://…): found, negotiated and used like a socket one. */
class EngineTcpTest {
    @TempDir
    Path dir;

    @Test
    void dockerHostOverTcp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (PodmanService podman = PodmanService.startTcp(dir.resolve("podman"), port)) {
            Path archive = ImageArchives.ociArchive(dir.resolve("t.tar"), "docker.io/library/overtcp:1", List.of("/x"),
                    ImageArchives.layer(Map.of("a", "b")));
            podman.podman("load", "-i", archive.toString()).assertOk();
            Path home = Files.createDirectories(dir.resolve("home"));
            Cli cli = new Cli(dir.resolve("store"), Map.of("HOME", home.toString(), "DOCKER_HOST", "tcp://127.0.0.1:" + port,
                    "XDG_RUNTIME_DIR", home.toString()));
            Cli.Run engines = cli.run("engines");
            assertThat(engines.out()).contains("tcp://127.0.0.1:" + port).contains("Podman");
            Cli.Run images = cli.run("--engine", "DOCKER_HOST", "images");
            assertThat(images.exitCode()).as(images.err()).isZero();
            assertThat(images.out()).contains("overtcp");
            Cli.Run copy = cli.run("--engine", "DOCKER_HOST", "copy", "engine:overtcp:1", "store:");
            assertThat(copy.exitCode()).as(copy.err()).isZero();
            assertThat(cli.run("images").out()).contains("overtcp");
        }
    }
}
