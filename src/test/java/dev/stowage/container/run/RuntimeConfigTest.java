package dev.stowage.container.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** config.json as docker fills it, and the user lookup, without a runtime. */
class RuntimeConfigTest {
    static final String ID = "0123456789ab" + "c".repeat(52);

    @TempDir
    Path dir;

    static RunSpec spec(String entrypoint, List<String> cmd, List<String> env, String user, List<RunSpec.Volume> volumes, String network, boolean tty) {
        return new RunSpec(entrypoint, cmd, env, user, null, null, volumes, List.of(), network, tty, false, false);
    }

    static ObjectNode image() throws Exception {
        return (ObjectNode) Json.readTree("{\"Entrypoint\":[\"/entry\"],\"Cmd\":[\"serve\",\"-v\"],\"Env\":[\"PATH=/opt/bin\",\"A=image\"],\"WorkingDir\":\"/srv\"}");
    }

    @Test
    void commandEnvAndWorkdirFollowDocker() throws Exception {
        ObjectNode image = image();
        RunSpec plain = spec(null, List.of(), List.of("A=mine", "B=2"), null, List.of(), null, true);
        JsonNode c = RuntimeConfig.build(image, plain, ID, dir.resolve("rootfs"), dir.resolve("etc"),
                new RuntimeConfig.Network(false, null), new UserLookup.ExecUser(0, 0, List.of(), "/"), false, 0, 0);
        assertThat(strings(c.path("process").path("args"))).containsExactly("/entry", "serve", "-v");
        assertThat(strings(c.path("process").path("env"))).containsExactly("PATH=/opt/bin", "HOSTNAME=0123456789ab", "TERM=xterm", "A=mine", "B=2");
        assertThat(c.path("process").path("cwd").asText()).isEqualTo("/srv");
        assertThat(c.path("hostname").asText()).isEqualTo("0123456789ab");
        assertThat(strings(c.path("process").path("capabilities").path("bounding"))).hasSize(14).contains("CAP_NET_BIND_SERVICE");
        assertThat(c.path("linux").path("sysctl").path("net.ipv4.ip_unprivileged_port_start").asText()).isEqualTo("0");
        assertThat(strings(c.path("linux").path("maskedPaths"))).contains("/proc/kcore", "/sys/firmware");

        assertThat(RuntimeConfig.command(image, spec(null, List.of("sh"), List.of(), null, List.of(), null, false))).containsExactly("/entry", "sh");
        assertThat(RuntimeConfig.command(image, spec("/bin/other", List.of(), List.of(), null, List.of(), null, false))).containsExactly("/bin/other");
        assertThat(RuntimeConfig.command(image, spec("", List.of("ls"), List.of(), null, List.of(), null, false))).containsExactly("ls");
        assertThatThrownBy(() -> RuntimeConfig.command(Json.object(), spec(null, List.of(), List.of(), null, List.of(), null, false)))
                .hasMessage("No command specified");
    }

    @Test
    void mountsEtcFilesVolumesAndRootless() throws Exception {
        RunSpec spec = spec(null, List.of(), List.of(), null,
                List.of(new RunSpec.Volume("/host/shm", "/dev/shm", true), new RunSpec.Volume("/host/hosts", "/etc/hosts", false)), "host", false);
        JsonNode c = RuntimeConfig.build(image(), spec, ID, dir.resolve("rootfs"), dir.resolve("etc"),
                new RuntimeConfig.Network(true, null), new UserLookup.ExecUser(1000, 1000, List.of(5L), "/home/u"), true, 4242, 4343);
        List<String> destinations = new ArrayList<>();
        for (JsonNode m : c.path("mounts")) destinations.add(m.path("destination").asText());
        assertThat(destinations).containsExactly("/proc", "/dev", "/dev/pts", "/sys", "/dev/mqueue", "/etc/resolv.conf", "/etc/hostname",
                "/dev/shm", "/etc/hosts");
        JsonNode sys = c.path("mounts").get(3);
        assertThat(sys.path("type").asText()).isEqualTo("bind"); // rootless on the host's network: the host's sysfs, read-only
        assertThat(strings(sys.path("options"))).contains("rbind", "ro");
        assertThat(strings(c.path("mounts").get(2).path("options"))).doesNotContain("gid=5");
        assertThat(strings(c.path("mounts").get(7).path("options"))).contains("ro");
        assertThat(c.path("linux").path("uidMappings").get(0).toString()).isEqualTo("{\"containerID\":0,\"hostID\":4242,\"size\":1}");
        assertThat(c.path("linux").has("resources")).isFalse();
        List<String> namespaces = new ArrayList<>();
        for (JsonNode n : c.path("linux").path("namespaces")) namespaces.add(n.path("type").asText());
        assertThat(namespaces).containsExactly("pid", "ipc", "uts", "mount", "user");
        assertThat(c.path("process").path("user").toString()).isEqualTo("{\"uid\":1000,\"gid\":1000,\"additionalGids\":[5]}");
    }

    @Test
    void usersComeFromTheRootfsAndNeverThroughASymlink() throws Exception {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs/etc")).getParent();
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nwww:x:33:33:www:/var/www:/bin/false\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nwww:x:33:\nstaff:x:50:www,other\n");
        assertThat(UserLookup.resolve(rootfs, null)).isEqualTo(new UserLookup.ExecUser(0, 0, List.of(), "/root"));
        assertThat(UserLookup.resolve(rootfs, "www")).isEqualTo(new UserLookup.ExecUser(33, 33, List.of(50L), "/var/www"));
        assertThat(UserLookup.resolve(rootfs, "www:root")).isEqualTo(new UserLookup.ExecUser(33, 0, List.of(), "/var/www"));
        assertThat(UserLookup.resolve(rootfs, "1234:77")).isEqualTo(new UserLookup.ExecUser(1234, 77, List.of(), "/"));
        assertThatThrownBy(() -> UserLookup.resolve(rootfs, "nobody")).hasMessage("unable to find user nobody: no matching entries in passwd file");
        assertThatThrownBy(() -> UserLookup.resolve(rootfs, "www:nogroup")).hasMessage("unable to find group nogroup: no matching entries in group file");

        Files.delete(rootfs.resolve("etc/passwd"));
        Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/etc/passwd")); // the host's, if followed
        assertThatThrownBy(() -> UserLookup.resolve(rootfs, "root")).hasMessageContaining("unable to find user root");
    }

    @Test
    void runtimeErrorsAreClassifiedAsDockerDoes() {
        String stderr = "time=\"2026-12-06T15:16:25Z\" level=warning msg=\"unable to get oom kill count\"\n"
                + "time=\"2026-12-06T15:16:25Z\" level=error msg=\"runc create failed: unable to start container process: exec: \\\"x\\\": executable file not found in $PATH\"\n";
        String message = OciRuntime.errorMessage(stderr);
        assertThat(message).isEqualTo("runc create failed: unable to start container process: exec: \"x\": executable file not found in $PATH");
        assertThat(RunFailure.fromRuntime(message).exitCode()).isEqualTo(127);
        assertThat(RunFailure.fromRuntime("exec: \"/etc\": permission denied").exitCode()).isEqualTo(126);
        assertThat(RunFailure.fromRuntime("cgroups: cannot find cgroup mount destination").exitCode()).isEqualTo(125);
        assertThat(RunSpec.PortForward.parse("127.0.0.1:8080:80/udp")).isEqualTo(new RunSpec.PortForward("127.0.0.1", 8080, 80, "udp"));
        assertThatThrownBy(() -> RunSpec.PortForward.parse("80")).hasMessageContaining("invalid port specification");
        assertThatThrownBy(() -> RunSpec.Volume.parse("rel:/x")).hasMessageContaining("absolute");
        assertThat(EnvFile.parse("# c\n\nA=1\nHOME\nUNSET_X\n", java.util.Map.of("HOME", "/h"))).containsExactly("A=1", "HOME=/h");
        assertThat(ContainerStatus.humanDuration(java.time.Duration.ofSeconds(75))).isEqualTo("About a minute");
        assertThat(ContainerStatus.humanDuration(java.time.Duration.ofMinutes(3))).isEqualTo("3 minutes");
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
