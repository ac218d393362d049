package dev.stowage.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Json;
import dev.stowage.testing.Cli;
import dev.stowage.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static dev.stowage.container.ContainerCommandsTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A committed image read by the real tools: {@code umoci unpack} of the OCI save shows exactly the
 * container's files (deleted ones gone, replaced ones replaced), and podman loads it with the Author and Cmd.
 */
class ContainerInteropTest {
    static final String NAME = "example.com/team/committed:v1";
    static final String CMD = "[\"/bin/httpd\",\"-f\",\"-h\",\"/data/www\"]";

    @TempDir
    Path dir;

    /** A container changed in every way a layer can express, committed as {@link #NAME}; returns its rootfs. */
    private Path committed(Cli cli) throws Exception {
        byte[] base = new LayerTar()
                .dir("etc").file("etc/passwd", "root:x:0:0\n").file("etc/group", "root:x:0:\n")
                .dir("opt").dir("opt/app").file("opt/app/1", "one").file("opt/app/2", "two")
                .dir("var").dir("var/cache").file("var/cache/a", "a").dir("var/cache/sub").file("var/cache/sub/b", "b")
                .dir("srv").file("srv/data", "file")
                .dir("home").dir("home/u").file("home/u/f", "dir")
                .symlink("etc/localtime", "/usr/share/zoneinfo/UTC")
                .bytes();
        byte[] second = new LayerTar().dir("opt").dir("opt/app").file("opt/app/from-layer-2", "l2").bytes();
        TestImages.load(cli, dir, "base:1", false, base, second);
        ok(cli, "create", "--name", "work", "base:1");
        Path r = ContainerCommandsTest.rootfs(cli, "work");
        Files.delete(r.resolve("etc/group"));
        Files.writeString(r.resolve("etc/passwd"), "root:x:0:0\nlarry:x:1000:1000\n");
        dev.stowage.util.FileOps.deleteRecursively(r.resolve("var/cache"));
        dev.stowage.util.FileOps.deleteRecursively(r.resolve("opt/app"));
        Files.createDirectory(r.resolve("opt/app"));
        Files.writeString(r.resolve("opt/app/3"), "three");
        Files.delete(r.resolve("srv/data"));
        Files.createDirectories(r.resolve("srv/data/new"));
        Files.writeString(r.resolve("srv/data/new/file"), "in a directory that was a file");
        dev.stowage.util.FileOps.deleteRecursively(r.resolve("home/u"));
        Files.writeString(r.resolve("home/u"), "a file that was a directory");
        Files.delete(r.resolve("etc/localtime"));
        Files.createSymbolicLink(r.resolve("etc/localtime"), Path.of("/usr/share/zoneinfo/Europe/Paris"));
        Files.createDirectories(r.resolve("data/www"));
        Files.writeString(r.resolve("data/www/index.html"), "hello docker");
        String longName = "data/" + "a-rather-long-directory-name/".repeat(5) + "été.txt";
        Files.createDirectories(r.resolve(longName).getParent());
        Files.writeString(r.resolve(longName), "long and accented");
        Files.createLink(r.resolve("data/www/hardlink.html"), r.resolve("data/www/index.html"));
        ok(cli, "commit", "-a", "larry", "-m", "interop", "-c", "CMD " + CMD, "work", NAME);
        return r;
    }

    /** Every path under a root with its kind and content (files), link target (symlinks). */
    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                if (p.equals(root)) continue;
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) out.put(rel, "-> " + Files.readSymbolicLink(p));
                else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) out.put(rel, "dir");
                else out.put(rel, "file " + Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void umociUnpacksTheOciSaveToExactlyTheContainersFiles() throws Exception {
        Tools.require("umoci");
        Cli cli = new Cli(dir.resolve("store"));
        Path rootfs = committed(cli);
        Path archive = dir.resolve("committed-oci.tar");
        ok(cli, "save", "--format", "oci", "-o", archive.toString(), NAME);
        Path layout = dir.resolve("layout");
        Files.createDirectories(layout);
        Tools.run(dir, "tar", "-xf", archive.toString(), "-C", layout.toString()).assertOk();
        Path bundle = dir.resolve("bundle");
        Tools.run(dir, "umoci", "unpack", "--rootless", "--image", layout + ":v1", bundle.toString()).assertOk();

        Map<String, String> expected = tree(rootfs);
        Map<String, String> unpacked = tree(bundle.resolve("rootfs"));
        assertThat(unpacked).isEqualTo(expected);
        assertThat(unpacked).doesNotContainKeys("etc/group", "var/cache", "opt/app/1", "opt/app/from-layer-2")
                .containsEntry("home/u", "file a file that was a directory")
                .containsEntry("srv/data", "dir")
                .containsEntry("etc/localtime", "-> /usr/share/zoneinfo/Europe/Paris")
                .containsEntry("data/www/index.html", "file hello docker");
        assertThat(Files.isSameFile(bundle.resolve("rootfs/data/www/index.html"), bundle.resolve("rootfs/data/www/hardlink.html"))).isTrue();

        JsonNode config = Json.parseAny(Files.readAllBytes(bundle.resolve("config.json")), "runtime config");
        assertThat(config.path("process").path("args").toString()).isEqualTo(CMD);
    }

    @Test
    void podmanLoadsTheCommitWithAuthorAndCmd() throws Exception {
        Tools.require("podman");
        Cli cli = new Cli(dir.resolve("store"));
        committed(cli);
        Path podman = dir.resolve("podman");
        for (String format : new String[]{"docker", "oci"}) {
            Path archive = dir.resolve("committed-" + format + ".tar");
            ok(cli, "save", "--format", format, "-o", archive.toString(), NAME);
            Tools.Result load = Tools.run(dir, Tools.podman(podman, "load", "-i", archive.toString())).assertOk();
            assertThat(load.stdout()).contains("Loaded image: " + NAME);
            JsonNode inspect = Json.parseAny(Tools.run(dir, Tools.podman(podman, "image", "inspect", NAME)).assertOk()
                    .stdout().getBytes(StandardCharsets.UTF_8), "podman inspect").get(0);
            assertThat(inspect.path("Author").asText()).isEqualTo("larry");
            // podman's inspect shows the first history entry's comment; its history shows ours on top
            String history = Tools.run(dir, Tools.podman(podman, "history", "--format", "{{.Comment}}", NAME)).assertOk().stdout();
            assertThat(history.lines().findFirst().orElseThrow()).isEqualTo("interop");
            assertThat(inspect.path("Config").path("Cmd").toString()).isEqualTo(CMD);
            assertThat(inspect.path("RootFS").path("Layers")).hasSize(3);
            assertThat(inspect.path("Id").asText()).isEqualTo(ok(cli, "inspect", NAME).out().split("\"Id\": \"sha256:")[1].substring(0, 64));
            Tools.run(dir, Tools.podman(podman, "rmi", "-f", NAME)).assertOk();
        }
    }
}
