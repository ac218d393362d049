package dev.stowage.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Json;
import dev.stowage.testing.Cli;
import dev.stowage.testing.Tools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.stowage.container.ContainerCommandsTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tutorial, daemonless: a busybox image (built here from Debian's busybox-static), a container, a new
 * {@code /data/html/index.html}, {@code commit -a larry -c 'CMD [...]'} as {@code yull/bbox_http:v0.2}, then
 * save, load into another store, and the file and config are there.
 */
class TutorialTest {
    static final String CMD = "[\"/bin/httpd\",\"-f\",\"-h\",\"/data/html\"]";

    @TempDir
    Path dir;

    static Path busybox() {
        return dev.stowage.testing.Busybox.binary();
    }

    /** A rootfs tarball with bin/busybox and its sh and httpd links, made with tar(1). */
    static Path busyboxTarball(Path dir) throws Exception {
        return dev.stowage.testing.Busybox.rootfsTarball(dir);
    }

    @Test
    void tutorialEndToEnd() throws Exception {
        Cli cli = new Cli(dir.resolve("store"));
        Path tarball = busyboxTarball(dir);
        assertThat(ok(cli, "import", "-c", "CMD [\"sh\"]", tarball.toString(), "local/busybox:base").out()).matches("sha256:[0-9a-f]{64}\n");

        ok(cli, "create", "--name", "web", "local/busybox:base");
        Path rootfs = ContainerCommandsTest.rootfs(cli, "web");
        assertThat(rootfs.resolve("bin/busybox")).hasSameBinaryContentAs(busybox());
        Files.createDirectories(rootfs.resolve("data/html"));
        Files.writeString(rootfs.resolve("data/html/index.html"), "hello docker");
        assertThat(ok(cli, "diff", "web").out()).isEqualTo("A /data\nA /data/html\nA /data/html/index.html\n");

        String id = ok(cli, "commit", "-a", "larry", "-c", "CMD " + CMD, "web", "yull/bbox_http:v0.2").out().strip();
        assertThat(id).matches("sha256:[0-9a-f]{64}");
        JsonNode inspect = inspect(cli, "yull/bbox_http:v0.2");
        assertThat(inspect.path("Id").asText()).isEqualTo(id);
        assertThat(inspect.path("Author").asText()).isEqualTo("larry");
        assertThat(inspect.path("Config").path("Cmd").toString()).isEqualTo(CMD);
        assertThat(inspect.path("RepoTags").get(0).asText()).isEqualTo("yull/bbox_http:v0.2");
        assertThat(inspect.path("RootFS").path("Layers")).hasSize(2);

        Path archive = dir.resolve("bbox_http.tar");
        ok(cli, "save", "-o", archive.toString(), "yull/bbox_http:v0.2");
        Cli elsewhere = new Cli(dir.resolve("other-store"));
        assertThat(ok(elsewhere, "load", "-i", archive.toString()).out()).isEqualTo("Loaded image: yull/bbox_http:v0.2\n");
        JsonNode loaded = inspect(elsewhere, "yull/bbox_http:v0.2");
        assertThat(loaded.path("Id").asText()).isEqualTo(id);
        assertThat(loaded.path("Author").asText()).isEqualTo("larry");
        assertThat(loaded.path("Config").path("Cmd").toString()).isEqualTo(CMD);

        Map<String, String> contents = new LinkedHashMap<>();
        List<TarArchiveEntry> top = TestImages.entries(ok(elsewhere, "export-layer", "yull/bbox_http:v0.2", "1", "-o", "-").binary(), contents);
        assertThat(top.stream().map(TarArchiveEntry::getName)).containsExactly("data/", "data/html/", "data/html/index.html");
        assertThat(contents).containsEntry("data/html/index.html", "hello docker");

        // the loaded image unpacks to a working busybox that finds the page
        ok(elsewhere, "create", "--name", "check", "yull/bbox_http:v0.2");
        Path unpacked = ContainerCommandsTest.rootfs(elsewhere, "check");
        Tools.Result cat = Tools.run(unpacked, unpacked.resolve("bin/busybox").toString(), "cat", "data/html/index.html").assertOk();
        assertThat(cat.stdout()).isEqualTo("hello docker");
        assertThat(Files.readSymbolicLink(unpacked.resolve("bin/httpd")).toString()).isEqualTo("busybox");
    }

    static JsonNode inspect(Cli cli, String image) {
        return Json.parseAny(ok(cli, "inspect", image).out().getBytes(StandardCharsets.UTF_8), "inspect").get(0);
    }
}
