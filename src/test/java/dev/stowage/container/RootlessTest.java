package dev.stowage.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Json;
import dev.stowage.layer.EntryType;
import dev.stowage.testing.Cli;
import dev.stowage.testing.Tools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * create, diff, commit and export run as an unprivileged user (uid 65534 through {@code setpriv}, or the
 * current user when the tests do not run as root): files owned by 1000:1000, modes the owner cannot use and
 * a device node cannot be made on disk; they are recorded at create, left out of the diff, and put back in
 * the committed layer and the export.
 */
class RootlessTest {
    static final int NOBODY = Tools.NOBODY;

    @TempDir
    Path dir;

    private boolean root;
    private String classpath;
    private Path store;

    private Tools.Result stowage(String... args) throws Exception {
        return Tools.run(dir, Tools.unprivileged(root, Tools.stowageProcess(classpath, store, args)));
    }

    private Tools.Result shell(String script) throws Exception {
        return Tools.run(dir, Tools.unprivileged(root, List.of("sh", "-c", script)));
    }

    /** The test classpath copied where the unprivileged user can read it (~/.m2 of root is not). */
    private String readableClasspath() throws IOException {
        return dev.stowage.testing.ReadableClasspath.copyTo(dir.resolve("cp"));
    }

    private static void chownTree(Path root, int uid) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    @Test
    void ownershipModesAndDevicesSurviveARootlessCommit() throws Exception {
        root = "0".equals(Tools.run(dir, "id", "-u").stdout().strip());
        if (root) Tools.require("setpriv");
        Files.setAttribute(dir, "unix:mode", 0755);
        classpath = readableClasspath();
        store = dir.resolve("store");

        byte[] layer = new LayerTar()
                .dir("home").owner(1000, 1000).dir("home/u", 0750).file("home/u/notes", "notes\n", 0640)
                .file("home/u/untouched", "u", 0600)
                .owner(0, 0).dir("etc").file("etc/conf", "c", 0444).file("secret", "s", 0000)
                .dir("ro", 0555).file("ro/inside", "i")
                .dir("dev").charDevice("dev/null", 1, 3, 0666).fifo("dev/initctl")
                .bytes();
        Cli cli = new Cli(store);
        TestImages.load(cli, dir, "owned:1", false, layer);
        if (root) chownTree(store, NOBODY);

        stowage("create", "--name", "rl", "owned:1").assertOk();
        JsonNode ps = Json.parseAny(stowage("ps", "-a", "--format", "json").assertOk().stdout().getBytes(StandardCharsets.UTF_8), "ps").get(0);
        assertThat(ps.path("Rootless").asBoolean()).isTrue();
        Path rootfs = Path.of(ps.path("Rootfs").asText());
        long me = ((Number) Files.getAttribute(rootfs, "unix:uid")).longValue();
        // on disk: the user's own files, usable by their owner; the device is an empty placeholder
        assertThat(Files.getAttribute(rootfs.resolve("home/u/notes"), "unix:uid")).isEqualTo((int) me);
        assertThat(Files.isRegularFile(rootfs.resolve("dev/null"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat((Integer) Files.getAttribute(rootfs.resolve("ro"), "unix:mode") & 0700).isEqualTo(0700);
        assertThat((Integer) Files.getAttribute(rootfs.resolve("secret"), "unix:mode") & 0400).isEqualTo(0400);
        Map<String, SnapshotEntry> snapshot = Snapshot.read(rootfs.getParent().resolve("snapshot.jsonl"));
        assertThat(snapshot.get("home/u/notes").uid()).isEqualTo(1000);
        assertThat(snapshot.get("home/u/notes").diskUid()).isEqualTo(me);
        assertThat(snapshot.get("dev/null").type()).isEqualTo(EntryType.CHAR_DEVICE);
        assertThat(snapshot.get("dev/null").placeholder()).isTrue();
        assertThat(snapshot.get("ro").mode()).isEqualTo(0555);

        assertThat(stowage("diff", "rl").assertOk().stdout()).as("nothing the user did").isEmpty();
        shell("echo more >> " + rootfs.resolve("home/u/notes") + " && echo new > " + rootfs.resolve("new.txt")
                + " && echo inside > " + rootfs.resolve("ro/new")).assertOk();
        assertThat(stowage("diff", "rl").assertOk().stdout())
                .isEqualTo("C /home\nC /home/u\nC /home/u/notes\nA /new.txt\nC /ro\nA /ro/new\n");
        assertThat(stowage("commit", "rl", "rootless:1").assertOk().stdout()).matches("sha256:[0-9a-f]{64}\n");

        JsonNode inspect = Json.parseAny(cli.run("inspect", "rootless:1").out().getBytes(StandardCharsets.UTF_8), "inspect").get(0);
        assertThat(inspect.path("RootFS").path("Layers")).hasSize(2);
        Map<String, String> contents = new LinkedHashMap<>();
        List<TarArchiveEntry> top = TestImages.entries(cli.run("export-layer", "rootless:1", "1", "-o", "-").binary(), contents);
        Map<String, String> owners = describe(top);
        assertThat(owners).containsExactly(
                Map.entry("home/", "0:0 755"),
                Map.entry("home/u/", "1000:1000 750"),
                Map.entry("home/u/notes", "1000:1000 640"),
                Map.entry("new.txt", "0:0 644"),
                Map.entry("ro/", "0:0 555"),
                Map.entry("ro/new", "0:0 644"));
        assertThat(contents).containsEntry("home/u/notes", "notes\nmore\n");

        Path out = Files.createDirectories(dir.resolve("out"));
        if (root) chownTree(out, NOBODY);
        Path export = out.resolve("export.tar");
        stowage("export", "-o", export.toString(), "rl").assertOk();
        List<TarArchiveEntry> all = TestImages.entries(Files.readAllBytes(export), null);
        Map<String, String> exported = describe(all);
        assertThat(exported).containsEntry("dev/null", "0:0 666 char 1,3").containsEntry("dev/initctl", "0:0 644 fifo")
                .containsEntry("etc/conf", "0:0 444").containsEntry("secret", "0:0 0").containsEntry("ro/", "0:0 555")
                .containsEntry("home/u/untouched", "1000:1000 600").containsEntry("new.txt", "0:0 644");

        // the committed image unpacks (as root here) with the recorded owners and modes
        if (root) {
            assertThat(cli.run("create", "--name", "check", "rootless:1").exitCode()).isZero();
            Path again = ContainerCommandsTest.rootfs(cli, "check");
            assertThat(Files.getAttribute(again.resolve("home/u/notes"), "unix:uid")).isEqualTo(1000);
            assertThat(Files.getAttribute(again.resolve("home/u/notes"), "unix:mode")).isEqualTo(0100640);
            assertThat(Files.getAttribute(again.resolve("ro"), "unix:mode")).isEqualTo(040555);
            assertThat(cli.run("rm", "check").exitCode()).isZero();
        }
        stowage("rm", "rl").assertOk();
        try (Stream<Path> left = Files.list(store.resolve("containers"))) {
            assertThat(left).isEmpty();
        }
    }

    private static Map<String, String> describe(List<TarArchiveEntry> entries) {
        Function<TarArchiveEntry, String> what = e -> e.getLongUserId() + ":" + e.getLongGroupId() + " "
                + Integer.toOctalString(e.getMode() & 07777)
                + (e.isCharacterDevice() ? " char " + e.getDevMajor() + "," + e.getDevMinor() : e.isFIFO() ? " fifo" : "");
        return entries.stream().collect(Collectors.toMap(TarArchiveEntry::getName, what, (a, b) -> b, LinkedHashMap::new));
    }
}
