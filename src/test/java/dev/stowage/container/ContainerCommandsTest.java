package dev.stowage.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Json;
import dev.stowage.testing.Cli;
import dev.stowage.testing.StoreSnapshot;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** create, ps, rm, diff, commit, import and export end to end through the CLI, on images built in the test. */
class ContainerCommandsTest {
    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir.resolve("store"));
    }

    Cli.Run ok(String... args) {
        return ok(cli, args);
    }

    static Cli.Run ok(Cli cli, String... args) {
        Cli.Run run = cli.run(args);
        assertThat(run.exitCode()).as("exit code of %s, stderr %s", String.join(" ", args), run.err()).isZero();
        return run;
    }

    Cli.Run fails(String... args) {
        Cli.Run run = cli.run(args);
        assertThat(run.exitCode()).as("exit code of %s", String.join(" ", args)).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: ").endsWith("\n");
        assertThat(run.err().lines()).hasSize(1);
        return run;
    }

    JsonNode json(String... args) {
        return Json.parseAny(ok(args).out().getBytes(StandardCharsets.UTF_8), "output");
    }

    static Path rootfs(Cli cli, String container) {
        JsonNode all = Json.parseAny(ok(cli, "ps", "-a", "--format", "json").out().getBytes(StandardCharsets.UTF_8), "ps");
        for (JsonNode c : all) {
            if (c.path("Names").asText().equals(container) || c.path("Id").asText().startsWith(container)) {
                return Path.of(c.path("Rootfs").asText());
            }
        }
        throw new AssertionError("no container " + container);
    }

    Path rootfs(String container) {
        return rootfs(cli, container);
    }

    List<String> diff(String container) {
        return ok("diff", container).out().lines().toList();
    }

    /** The last layer of an image, as a tar. */
    byte[] topLayer(String image) {
        int layers = json("inspect", image).get(0).path("RootFS").path("Layers").size();
        return ok("export-layer", image, String.valueOf(layers - 1), "-o", "-").binary();
    }

    static String read(Path p) throws Exception {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------

    @Test
    void createPsRmAndNamesWorkLikeDocker() throws Exception {
        TestImages.load(cli, dir, "base:1", false, new LayerTar().dir("etc").file("etc/hostname", "box\n").bytes());
        String id = ok("create", "--name", "web", "base:1").out().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(Files.isDirectory(dir.resolve("store/containers").resolve(id).resolve("rootfs")));
        assertThat(read(rootfs("web").resolve("etc/hostname"))).isEqualTo("box\n");

        assertThat(ok("ps").out()).matches("CONTAINER ID +IMAGE +COMMAND +CREATED +STATUS +NAMES\n"); // none running
        String table = ok("ps", "-a").out();
        assertThat(table.lines().findFirst().orElseThrow()).matches("CONTAINER ID +IMAGE +COMMAND +CREATED +STATUS +NAMES");
        assertThat(table.lines().skip(1).findFirst().orElseThrow())
                .matches(id.substring(0, 12) + " +base:1 +\"sh\" +.* ago +Created +web");
        assertThat(ok("container", "ls", "-a").out()).isEqualTo(table);
        assertThat(ok("ps", "-a", "-q").out()).isEqualTo(id.substring(0, 12) + "\n");

        Cli.Run conflict = fails("create", "--name", "web", "base:1");
        assertThat(conflict.err()).isEqualTo("Error: Conflict. The container name \"/web\" is already in use by container \""
                + id + "\". You have to remove (or rename) that container to be able to reuse that name.\n");
        assertThat(fails("create", "--name", "bad name", "base:1").err())
                .isEqualTo("Error: Invalid container name (bad name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\n");
        assertThat(fails("create", "nope:1").err()).isEqualTo("Error: No such image: nope:1\n");
        try (Stream<Path> left = Files.list(dir.resolve("store/containers"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(id); // no half-made container stays
        }

        String other = ok("container", "create", "base:1").out().strip();
        JsonNode ps = json("ps", "-a", "--format", "json");
        assertThat(ps).hasSize(2);
        assertThat(ps.get(0).path("Id").asText()).isEqualTo(other);
        assertThat(ps.get(0).path("Names").asText()).matches("[a-z]+_[a-z]+[0-9]?");
        assertThat(ps.get(0).path("State").asText()).isEqualTo("created");

        assertThat(ok("rm", id.substring(0, 6)).out()).isEqualTo(id.substring(0, 6) + "\n");
        assertThat(fails("rm", "web").err()).isEqualTo("Error: No such container: web\n");
        assertThat(ok("container", "rm", ps.get(0).path("Names").asText()).exitCode()).isZero();
        assertThat(ok("ps", "-a", "-q").out()).isEmpty();
        try (Stream<Path> left = Files.list(dir.resolve("store/containers"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void containerInspectShowsTheWritableLayerAndWhatItRuns() throws Exception {
        TestImages.load(cli, dir, "base:1", false, new LayerTar().dir("etc").file("etc/hostname", "box\n").bytes());
        String id = ok("create", "--name", "web", "base:1").out().strip();
        String imageId = json("inspect", "base:1").get(0).path("Id").asText();

        JsonNode inspected = json("container", "inspect", "web", id.substring(0, 8));
        assertThat(inspected).hasSize(2);
        JsonNode c = inspected.get(0);
        assertThat(c.path("Id").asText()).isEqualTo(id);
        assertThat(c.path("Name").asText()).isEqualTo("/web");
        assertThat(c.path("Image").asText()).isEqualTo(imageId);
        assertThat(c.path("Config").path("Image").asText()).isEqualTo("base:1");
        assertThat(c.path("Config").path("Cmd").get(0).asText()).isEqualTo("sh");
        assertThat(c.path("Path").asText()).isEqualTo("sh");
        assertThat(c.path("Args")).isEmpty();
        assertThat(c.path("State").path("Status").asText()).isEqualTo("created");
        assertThat(Path.of(c.path("GraphDriver").path("Data").path("UpperDir").asText()).resolve("etc/hostname"))
                .hasContent("box");
        assertThat(inspected.get(1)).isEqualTo(c);

        Cli.Run missing = cli.run("container", "inspect", "web", "nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("Error: No such container: nope\n");
        assertThat(Json.parseAny(missing.out().getBytes(StandardCharsets.UTF_8), "output")).hasSize(1);
    }

    @Test
    void binaryCapabilitiesSurviveCommitAndExportByteForByte() throws Exception {
        byte[] capability = {1, 0, 0, 2, 0, 0x20, 0, 0, (byte) 0x80, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        String capabilityText = new String(capability, StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream layer = new ByteArrayOutputStream();
        dev.stowage.layer.TarWriter tar = new dev.stowage.layer.TarWriter(layer);
        tar.put(new dev.stowage.layer.TarWriter.Entry("bin", dev.stowage.layer.EntryType.DIRECTORY, 0755, 0, 0, 0, 1, null, 0, 0, Map.of()));
        byte[] ping = "ping v1".getBytes(StandardCharsets.UTF_8);
        tar.put(new dev.stowage.layer.TarWriter.Entry("bin/ping", dev.stowage.layer.EntryType.FILE, 0755, 0, 0, ping.length, 1,
                null, 0, 0, Map.of("security.capability", capabilityText)));
        tar.write(ping, 0, ping.length);
        tar.finish();
        TestImages.load(cli, dir, "caps:1", false, layer.toByteArray());
        ok("create", "--name", "ctr", "caps:1");
        Files.writeString(rootfs("ctr").resolve("bin/ping"), "ping v2");

        ok("commit", "ctr", "caps:2");
        dev.stowage.layer.LayerContents committed = dev.stowage.layer.LayerContents.read(
                new ByteArrayInputStream(topLayer("caps:2")), "layer");
        assertThat(committed.entries().get("bin/ping").xattrs().get("security.capability")
                .getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(capability);

        Path exported = dir.resolve("fs.tar");
        ok("export", "-o", exported.toString(), "ctr");
        dev.stowage.layer.LayerContents fs = dev.stowage.layer.LayerContents.read(Files.newInputStream(exported), "export");
        assertThat(fs.entries().get("bin/ping").xattrs().get("security.capability")
                .getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(capability);
        assertThat(fs.entries().get("bin/ping").size()).isEqualTo(7);
    }

    @Test
    void unpackAppliesUnionSemanticsLayerByLayer() throws Exception {
        byte[] l1 = new LayerTar()
                .dir("etc").file("etc/a", "a1").file("etc/b", "b").hardlink("etc/h", "etc/a")
                .file("f1", "file that becomes a directory")
                .dir("d1").file("d1/child", "x")
                .dir("op").file("op/old1", "1").dir("op/olddir").file("op/olddir/2", "2")
                .dir("usr").dir("usr/lib").file("usr/lib/libx.so", "lib")
                .symlink("lnk", "etc/a")
                .file("dup", "first").file("./dup", "second")
                .file("./dotted", "dot")
                .file("imp/sub/file", "implicit parents")
                .dir("dev").charDevice("dev/null", 1, 3, 0666).fifo("dev/pipe")
                .bytes();
        byte[] l2 = new LayerTar()
                .whiteout("etc/b")
                .file("etc/a", "a2")
                .dir("f1").file("f1/inner", "inside")
                .file("d1", "directory became a file")
                .opaque("op").file("op/new", "new")
                .whiteout("usr")
                .file("same", "kept").whiteout("same") // a whiteout acts on lower layers only
                .bytes();
        TestImages.load(cli, dir, "union:1", false, l1, l2);
        ok("create", "--name", "un", "union:1");
        Path r = rootfs("un");
        assertThat(read(r.resolve("etc/a"))).isEqualTo("a2");
        assertThat(read(r.resolve("etc/h"))).isEqualTo("a1"); // linked to the inode layer 1 wrote
        assertThat(r.resolve("etc/b")).doesNotExist();
        assertThat(read(r.resolve("f1/inner"))).isEqualTo("inside");
        assertThat(read(r.resolve("d1"))).isEqualTo("directory became a file");
        try (Stream<Path> op = Files.list(r.resolve("op"))) {
            assertThat(op.map(p -> p.getFileName().toString())).containsExactly("new");
        }
        assertThat(r.resolve("usr")).doesNotExist();
        assertThat(Files.readSymbolicLink(r.resolve("lnk")).toString()).isEqualTo("etc/a");
        assertThat(read(r.resolve("dup"))).isEqualTo("second");
        assertThat(read(r.resolve("dotted"))).isEqualTo("dot");
        assertThat(read(r.resolve("imp/sub/file"))).isEqualTo("implicit parents");
        assertThat(Files.getAttribute(r.resolve("imp"), "unix:mode")).isEqualTo(040755);
        assertThat(read(r.resolve("same"))).isEqualTo("kept");
        // devices and FIFOs are placeholders: empty regular files, recorded in the snapshot
        assertThat(Files.isRegularFile(r.resolve("dev/null"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.size(r.resolve("dev/null"))).isZero();
        Map<String, SnapshotEntry> snapshot = Snapshot.read(r.getParent().resolve("snapshot.jsonl"));
        assertThat(snapshot.get("dev/null").type()).isEqualTo(dev.stowage.layer.EntryType.CHAR_DEVICE);
        assertThat(snapshot.get("dev/null").placeholder()).isTrue();
        assertThat(snapshot.get("dev/null").devMajor()).isEqualTo(1);
        assertThat(snapshot.get("dev/null").devMinor()).isEqualTo(3);
        assertThat(snapshot.get("dev/pipe").type()).isEqualTo(dev.stowage.layer.EntryType.FIFO);
        assertThat(snapshot.get("etc/a").sha256()).isEqualTo(dev.stowage.image.Digest.sha256("a2").hex());
        assertThat(snapshot.get("etc/a").mtime()).isEqualTo(LayerTar.MTIME);
        assertThat(snapshot).doesNotContainKeys("etc/b", "usr", "usr/lib", "usr/lib/libx.so", "op/old1", "op/olddir/2");
        // nothing changed yet
        assertThat(diff("un")).isEmpty();
        // export writes the merged filesystem, devices as devices
        Map<String, String> contents = new LinkedHashMap<>();
        List<TarArchiveEntry> exported = TestImages.entries(ok("export", "un").binary(), contents);
        assertThat(exported.stream().map(TarArchiveEntry::getName)).containsExactly(
                "d1", "dev/", "dev/null", "dev/pipe", "dotted", "dup", "etc/", "etc/a", "etc/h", "f1/", "f1/inner",
                "imp/", "imp/sub/", "imp/sub/file", "lnk", "op/", "op/new", "same");
        TarArchiveEntry devNull = exported.stream().filter(e -> e.getName().equals("dev/null")).findFirst().orElseThrow();
        assertThat(devNull.isCharacterDevice()).isTrue();
        assertThat(devNull.getDevMajor()).isEqualTo(1);
        assertThat(devNull.getMode() & 07777).isEqualTo(0666);
        assertThat(contents).containsEntry("etc/a", "a2").containsEntry("etc/h", "a1");
    }

    @Test
    void diffAndCommitWriteExactlyTheChanges() throws Exception {
        byte[] base = new LayerTar()
                .dir("etc").file("etc/passwd", "root:x:0:0\n").file("etc/group", "root:x:0:\n")
                .dir("opt").dir("opt/app").file("opt/app/1", "one").file("opt/app/2", "two")
                .dir("var").dir("var/cache").file("var/cache/a", "a").dir("var/cache/sub").file("var/cache/sub/b", "b")
                .dir("srv").file("srv/data", "a file that becomes a directory")
                .dir("home").dir("home/u").file("home/u/f", "a directory that becomes a file")
                .fileWithXattr("cap", "binary", Map.of("user.note", "kept"))
                .bytes();
        TestImages.load(cli, dir, "base:1", false, base);
        ok("create", "--name", "ctr", "base:1");
        Path r = rootfs("ctr");
        Files.delete(r.resolve("etc/group"));
        Files.writeString(r.resolve("etc/passwd"), "root:x:0:0\nlarry:x:1000:1000\n");
        dev.stowage.util.FileOps.deleteRecursively(r.resolve("var/cache"));
        // deleted and made again; the new directory is made while the old one exists, so it cannot get the old
        // one's inode back (a reused inode looks like the same directory, changed: whiteouts instead of opaque)
        Files.move(r.resolve("opt/app"), r.resolve("opt/app-old"));
        Files.createDirectory(r.resolve("opt/app"));
        dev.stowage.util.FileOps.deleteRecursively(r.resolve("opt/app-old"));
        Files.writeString(r.resolve("opt/app/3"), "three");
        Files.delete(r.resolve("srv/data"));
        Files.createDirectories(r.resolve("srv/data/new"));
        dev.stowage.util.FileOps.deleteRecursively(r.resolve("home/u"));
        Files.writeString(r.resolve("home/u"), "now a file");
        Files.writeString(r.resolve("cap"), "changed");
        String longName = "data/" + "very-long-directory-name-".repeat(6) + "/index.html";
        String nonAscii = "data/données/été.txt";
        Files.createDirectories(r.resolve(longName).getParent());
        Files.writeString(r.resolve(longName), "long");
        Files.createDirectories(r.resolve(nonAscii).getParent());
        Files.writeString(r.resolve(nonAscii), "accents");
        Files.writeString(r.resolve("data/x"), "linked");
        Files.createLink(r.resolve("data/y"), r.resolve("data/x"));
        Files.setLastModifiedTime(r.resolve("etc"), java.nio.file.attribute.FileTime.fromMillis(0)); // directory mtimes are not compared

        assertThat(diff("ctr")).containsExactly(
                "C /cap",
                "A /data",
                "A /data/données",
                "A /data/données/été.txt",
                "A /data/" + "very-long-directory-name-".repeat(6),
                "A /" + longName,
                "A /data/x",
                "A /data/y",
                "C /etc",
                "D /etc/group",
                "C /etc/passwd",
                "C /home",
                "C /home/u",
                "C /opt",
                "C /opt/app",
                "D /opt/app/1",
                "D /opt/app/2",
                "A /opt/app/3",
                "C /srv",
                "C /srv/data",
                "A /srv/data/new",
                "C /var",
                "D /var/cache");
        assertThat(ok("container", "diff", "--format", "json", "ctr").out()).contains("\"Path\": \"/var/cache\"", "\"Kind\": \"D\"");

        String id = ok("commit", "-m", "changes", "ctr", "example.com/changed:1").out().strip();
        assertThat(id).matches("sha256:[0-9a-f]{64}");
        Map<String, String> contents = new LinkedHashMap<>();
        List<TarArchiveEntry> layer = TestImages.entries(topLayer("example.com/changed:1"), contents);
        assertThat(layer.stream().map(TarArchiveEntry::getName)).containsExactly(
                "cap",
                "data/",
                "data/données/",
                "data/données/été.txt",
                "data/" + "very-long-directory-name-".repeat(6) + "/",
                longName,
                "data/x",
                "data/y",
                "etc/",
                "etc/.wh.group",
                "etc/passwd",
                "home/",
                "home/u",
                "opt/",
                "opt/app/",
                "opt/app/.wh..wh..opq",
                "opt/app/3",
                "srv/",
                "srv/data/",
                "srv/data/new/",
                "var/",
                "var/.wh.cache");
        TarArchiveEntry y = layer.stream().filter(e -> e.getName().equals("data/y")).findFirst().orElseThrow();
        assertThat(y.isLink()).isTrue();
        assertThat(y.getLinkName()).isEqualTo("data/x");
        assertThat(contents).containsEntry("etc/passwd", "root:x:0:0\nlarry:x:1000:1000\n")
                .containsEntry("home/u", "now a file").containsEntry("opt/app/3", "three")
                .containsEntry(longName, "long").containsEntry(nonAscii, "accents");
        TarArchiveEntry cap = layer.stream().filter(e -> e.getName().equals("cap")).findFirst().orElseThrow();
        assertThat(cap.getExtraPaxHeaders()).containsEntry("SCHILY.xattr.user.note", "kept");
        assertThat(layer).allSatisfy(e -> {
            assertThat(e.getUserName()).isEmpty();
            assertThat(e.getLongUserId()).isZero();
        });

        // the committed image unpacks to exactly the container's filesystem
        ok("create", "--name", "again", "example.com/changed:1");
        Path again = rootfs("again");
        assertThat(diff("again")).isEmpty();
        assertThat(again.resolve("etc/group")).doesNotExist();
        assertThat(again.resolve("var/cache")).doesNotExist();
        assertThat(Files.exists(again.resolve("var"))).isTrue();
        try (Stream<Path> app = Files.list(again.resolve("opt/app"))) {
            assertThat(app.map(p -> p.getFileName().toString())).containsExactly("3");
        }
        assertThat(Files.isDirectory(again.resolve("srv/data/new"))).isTrue();
        assertThat(read(again.resolve("home/u"))).isEqualTo("now a file");
        assertThat(read(again.resolve(nonAscii))).isEqualTo("accents");
        assertThat(Files.isSameFile(again.resolve("data/x"), again.resolve("data/y"))).isTrue();
        assertThat(ok("export", "again").binary()).isEqualTo(ok("export", "ctr").binary());
    }

    @Test
    void commitRecordsAuthorMessageChangesAndHistory() throws Exception {
        TestImages.load(cli, dir, "oci:1", false, new LayerTar().dir("etc").file("etc/os", "x").bytes());
        TestImages.load(cli, dir, "docker:1", true, new LayerTar().dir("etc").file("etc/os", "x").bytes());
        ok("create", "--name", "oc", "oci:1");
        ok("create", "--name", "dk", "docker:1");
        Files.writeString(rootfs("oc").resolve("etc/new"), "n");
        Files.writeString(rootfs("dk").resolve("etc/new"), "n");
        String id = ok("commit", "-a", "larry", "-m", "add new", "-c", "CMD /bin/sh", "-p", "oc", "committed:oci").out().strip();
        JsonNode inspect = json("inspect", "committed:oci").get(0);
        assertThat(inspect.path("Id").asText()).isEqualTo(id);
        assertThat(inspect.path("Author").asText()).isEqualTo("larry");
        assertThat(inspect.path("Comment").asText()).isEqualTo("add new");
        assertThat(inspect.path("Config").path("Cmd").toString()).isEqualTo("[\"/bin/sh\",\"-c\",\"/bin/sh\"]");
        assertThat(inspect.path("RootFS").path("Layers")).hasSize(2);
        assertThat(inspect.path("Descriptor").path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        JsonNode history = json("history", "--format", "json", "--no-trunc", "committed:oci");
        assertThat(history.get(0).path("CreatedBy").asText()).isEqualTo("sh");
        assertThat(history.get(0).path("Comment").asText()).isEqualTo("add new");
        JsonNode layers = json("layers", "--format", "json", "committed:oci");
        assertThat(layers.get(1).path("Digest").asText()).isEqualTo(layers.get(1).path("DiffID").asText());

        ok("commit", "dk", "committed:docker");
        JsonNode docker = json("inspect", "committed:docker").get(0);
        assertThat(docker.path("Descriptor").path("mediaType").asText())
                .isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(docker.path("Author").asText()).isEmpty();
        Path blobs = dir.resolve("store/blobs/sha256");
        JsonNode manifest = Json.parseAny(Files.readAllBytes(blobs.resolve(
                docker.path("Descriptor").path("digest").asText().substring(7))), "manifest");
        assertThat(manifest.path("config").path("mediaType").asText()).isEqualTo("application/vnd.docker.container.image.v1+json");
        assertThat(manifest.path("layers").get(1).path("mediaType").asText()).isEqualTo("application/vnd.docker.image.rootfs.diff.tar");

        // no REPO: an untagged image; nothing changed: no layer, an empty_layer history step
        ok("create", "--name", "same", "oci:1");
        String untagged = ok("commit", "same").out().strip();
        JsonNode images = json("images", "--format", "json");
        assertThat(images.findValuesAsText("Id")).contains(untagged);
        JsonNode plain = json("inspect", untagged.substring(7, 19)).get(0);
        assertThat(plain.path("RootFS").path("Layers")).hasSize(1);
        assertThat(plain.path("RepoTags")).isEmpty();
        JsonNode config = Json.parseAny(Files.readAllBytes(blobs.resolve(untagged.substring(7))), "config");
        JsonNode last = config.path("history").get(config.path("history").size() - 1);
        assertThat(last.path("empty_layer").asBoolean()).isTrue();
    }

    @Test
    void aFailedCommitLeavesTheStoreAsItWas() throws Exception {
        // a directory named like a whiteout can come from a layer (containerd's WhiteoutDirectoryName case)
        TestImages.load(cli, dir, "base:1", false, new LayerTar().dir("etc").file("etc/os", "x").file(".wh.odd/inner", "i").bytes());
        ok("create", "--name", "ctr", "base:1");
        Path r = rootfs("ctr");
        assertThat(read(r.resolve(".wh.odd/inner"))).isEqualTo("i");
        Files.writeString(r.resolve("etc/changed"), "y");
        StoreSnapshot before = StoreSnapshot.of(dir.resolve("store"));
        fails("commit", "-c", "NOTANINSTRUCTION x", "ctr", "x:1");
        assertThat(fails("commit", "ctr", "Bad/Name").err()).contains("must be lowercase");
        assertThat(fails("commit", "nope").err()).isEqualTo("Error: No such container: nope\n");
        assertThat(cli.withEnv(Map.of("SOURCE_DATE_EPOCH", "yesterday")).run("commit", "ctr").err())
                .isEqualTo("Error: invalid SOURCE_DATE_EPOCH 'yesterday': expected seconds since 1970-01-01 UTC\n");
        Files.writeString(r.resolve("etc/.wh.sneaky"), "a whiteout name in the rootfs");
        assertThat(fails("commit", "ctr", "x:1").err())
                .isEqualTo("Error: cannot commit /etc/.wh.sneaky: names starting with .wh. are reserved for whiteouts in layers\n");
        Files.delete(r.resolve("etc/.wh.sneaky"));
        Files.writeString(r.resolve(".wh.odd/inner"), "changed");
        assertThat(fails("commit", "ctr", "x:1").err())
                .isEqualTo("Error: cannot commit /.wh.odd: names starting with .wh. are reserved for whiteouts in layers\n");
        Files.writeString(r.resolve(".wh.odd/inner"), "i");
        Files.setLastModifiedTime(r.resolve(".wh.odd/inner"), java.nio.file.attribute.FileTime.fromMillis(LayerTar.MTIME * 1000));
        assertThat(StoreSnapshot.of(dir.resolve("store"))).isEqualTo(before);
        ok("commit", "ctr", "x:1");
        assertThat(StoreSnapshot.of(dir.resolve("store"))).isNotEqualTo(before);
    }

    @Test
    void theSameChangeWithSourceDateEpochGivesTheSameLayer() throws Exception {
        TestImages.load(cli, dir, "base:1", false, new LayerTar().dir("etc").file("etc/os", "x").file("etc/gone", "g").bytes());
        Cli reproducible = cli.withEnv(Map.of("SOURCE_DATE_EPOCH", "1700000000"));
        String[] ids = new String[2];
        for (int i = 0; i < 2; i++) {
            String name = "ctr" + i;
            ok(reproducible, "create", "--name", name, "base:1");
            Path r = rootfs(name);
            String longDir = "a-directory-name-long-enough-to-need-a-pax-header/".repeat(3);
            Files.createDirectories(r.resolve("srv/" + longDir));
            Files.writeString(r.resolve("srv/" + longDir + "ünïcode.txt"), "same bytes");
            Files.writeString(r.resolve("etc/os"), "y");
            Files.delete(r.resolve("etc/gone"));
            if (i == 0) Thread.sleep(1100); // the second copy gets other mtimes
            ids[i] = ok(reproducible, "commit", "-a", "ci", name, "repro:" + i).out().strip();
        }
        JsonNode first = json("inspect", "repro:0").get(0);
        JsonNode second = json("inspect", "repro:1").get(0);
        assertThat(second.path("RootFS").path("Layers").get(1)).isEqualTo(first.path("RootFS").path("Layers").get(1));
        assertThat(ids[1]).isEqualTo(ids[0]);
        assertThat(first.path("Created").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(topLayer("repro:0")).isEqualTo(topLayer("repro:1"));
        List<TarArchiveEntry> entries = TestImages.entries(topLayer("repro:0"), null);
        assertThat(entries).allSatisfy(e -> assertThat(e.getModTime().getTime() / 1000).isLessThanOrEqualTo(1_700_000_000L));
    }

    @Test
    void garbageCollectionKeepsTheImageOfAContainer() throws Exception {
        TestImages.load(cli, dir, "base:1", false, new LayerTar().dir("etc").file("etc/os", "x").bytes());
        ok("create", "--name", "ctr", "base:1");
        ok("rmi", "base:1");
        assertThat(ok("gc").out()).startsWith("Deleted 0 blobs");
        Files.writeString(rootfs("ctr").resolve("etc/more"), "m");
        ok("commit", "ctr", "next:1");
        assertThat(json("inspect", "next:1").get(0).path("RootFS").path("Layers")).hasSize(2);
        assertThat(ok("ps", "-a").out()).contains(" Created "); // the image column falls back to the short ID
        ok("rmi", "next:1");
        ok("rm", "ctr");
        ok("gc");
        try (Stream<Path> blobs = Files.list(dir.resolve("store/blobs/sha256"))) {
            assertThat(blobs).isEmpty();
        }
    }

    @Test
    void importMakesAOneLayerImageAndExportWritesTheFilesystem() throws Exception {
        byte[] tar = new LayerTar().dir("bin").file("bin/tool", "#!/bin/sh\n", 0755).symlink("bin/alias", "tool").bytes();
        Path gz = dir.resolve("rootfs.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(tar);
        }
        String id = ok("import", "-c", "CMD [\"/bin/tool\"]", gz.toString(), "imported:1").out().strip();
        assertThat(id).matches("sha256:[0-9a-f]{64}");
        JsonNode inspect = json("inspect", "imported:1").get(0);
        assertThat(inspect.path("Id").asText()).isEqualTo(id);
        assertThat(inspect.path("Os").asText()).isEqualTo("linux");
        assertThat(inspect.path("Architecture").asText()).isEqualTo(dev.stowage.image.Platform.current().architecture());
        assertThat(inspect.path("Comment").asText()).isEqualTo("Imported from " + gz);
        assertThat(inspect.path("Config").path("Cmd").toString()).isEqualTo("[\"/bin/tool\"]");
        assertThat(inspect.path("RootFS").path("Layers").get(0).asText())
                .isEqualTo(dev.stowage.image.Digest.sha256(tar).toString()); // stored as given, uncompressed

        String fromStdin = cli.runWithInput(new ByteArrayInputStream(tar), "image", "import", "-m", "from a pipe", "-").out().strip();
        assertThat(json("inspect", fromStdin.substring(7)).get(0).path("Comment").asText()).isEqualTo("from a pipe");

        StoreSnapshot before = StoreSnapshot.of(dir.resolve("store"));
        Path text = Files.writeString(dir.resolve("notes.txt"), "this is not a tar archive at all, it is a text file\n".repeat(20));
        assertThat(fails("import", text.toString(), "bad:1").err()).startsWith("Error: " + text + " is not a tar archive");
        assertThat(StoreSnapshot.of(dir.resolve("store"))).isEqualTo(before);

        ok("create", "--name", "tt", "imported:1");
        Files.writeString(rootfs("tt").resolve("bin/extra"), "e");
        Path out = dir.resolve("export.tar");
        ok("export", "-o", out.toString(), "tt");
        Map<String, String> contents = new LinkedHashMap<>();
        List<TarArchiveEntry> entries = TestImages.entries(Files.readAllBytes(out), contents);
        assertThat(entries.stream().map(TarArchiveEntry::getName)).containsExactly("bin/", "bin/alias", "bin/extra", "bin/tool");
        assertThat(contents).containsEntry("bin/tool", "#!/bin/sh\n").containsEntry("bin/extra", "e");
        assertThat(entries.get(3).getMode() & 07777).isEqualTo(0755);
        assertThat(entries.get(1).getLinkName()).isEqualTo("tool");
        // an export imports back to the same filesystem
        ok("import", out.toString(), "roundtrip:1");
        ok("create", "--name", "rt", "roundtrip:1");
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        a.write(ok("export", "rt").binary());
        assertThat(TestImages.entries(a.toByteArray(), null).stream().map(TarArchiveEntry::getName))
                .containsExactly("bin/", "bin/alias", "bin/extra", "bin/tool");
    }

    @Test
    void devicesAreRecordedAndADeviceMadeInTheRootfsIsCommitted() throws Exception {
        TestImages.load(cli, dir, "dev:1", false, new LayerTar().dir("dev").charDevice("dev/null", 1, 3, 0666)
                .charDevice("dev/zero", 1, 5, 0666).fifo("dev/fifo").bytes());
        ok("create", "--name", "devs", "dev:1");
        Path r = rootfs("devs");
        Files.delete(r.resolve("dev/zero"));
        boolean mknod = "0".equals(dev.stowage.testing.Tools.run(dir, "id", "-u").stdout().strip());
        if (mknod) {
            Files.delete(r.resolve("dev/null"));
            dev.stowage.testing.Tools.run(dir, "mknod", "-m", "0620", r.resolve("dev/null").toString(), "c", "4", "64").assertOk();
        }
        assertThat(diff("devs")).containsExactlyElementsOf(mknod
                ? List.of("C /dev", "C /dev/null", "D /dev/zero") : List.of("C /dev", "D /dev/zero"));
        ok("commit", "devs", "dev:2");
        List<TarArchiveEntry> layer = TestImages.entries(topLayer("dev:2"), null);
        assertThat(layer.stream().map(TarArchiveEntry::getName)).containsExactlyElementsOf(mknod
                ? List.of("dev/", "dev/.wh.zero", "dev/null") : List.of("dev/", "dev/.wh.zero"));
        if (mknod) {
            TarArchiveEntry devNull = layer.get(2);
            assertThat(devNull.isCharacterDevice()).isTrue();
            assertThat(devNull.getDevMajor()).isEqualTo(4);
            assertThat(devNull.getDevMinor()).isEqualTo(64);
            assertThat(devNull.getMode() & 07777).isEqualTo(0620);
        }
        // the untouched FIFO stays a FIFO in an export, though on disk it is a placeholder file
        List<TarArchiveEntry> exported = TestImages.entries(ok("export", "devs").binary(), null);
        assertThat(exported.stream().filter(e -> e.getName().equals("dev/fifo")).findFirst().orElseThrow().isFIFO()).isTrue();
    }
}
