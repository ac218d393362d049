package dev.stowage.place;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Json;
import dev.stowage.testing.Cli;
import dev.stowage.testing.ImageArchives;
import dev.stowage.testing.RegistryServer;
import dev.stowage.testing.StoreSnapshot;
import dev.stowage.testing.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code stowage copy} between registry, archives, layout directory and store, checked by skopeo reading what
 * stowage wrote and stowage reading what skopeo wrote, against the real docker-registry.
 */
class PlaceCopyTest {
    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void setUp() {
        Tools.require("skopeo");
        Tools.require("docker-registry");
        cli = new Cli(dir.resolve("store"), Cli.isolatedEnv(dir));
    }

    @Test
    void copiesBetweenArchivesRegistryLayoutAndStore() throws Exception {
        Path archive = ImageArchives.ociArchive(dir.resolve("app.tar"), "example.com/team/app:1", List.of("/bin/app"), false, true,
                ImageArchives.layer(Map.of("etc/app/greeting.txt", "hello\n")),
                ImageArchives.layer(Map.of("etc/app/second.txt", "second\n")));
        try (RegistryServer registry = RegistryServer.plain(dir.resolve("reg"))) {
            String app = registry.host() + "/team/app:1";
            StoreSnapshot empty = StoreSnapshot.of(initStore());

            // archive → registry, the store untouched
            cli.ok("copy", "oci-archive:" + archive, "docker://" + app);
            assertThat(StoreSnapshot.of(cli.store())).isEqualTo(empty);
            JsonNode pushed = skopeoJson("inspect", "--raw", "--tls-verify=false", "docker://" + app);
            List<String> diffIds = diffIds("docker://" + app);
            assertThat(diffIds).hasSize(2);
            assertThat(pushed.path("layers")).allSatisfy(l -> assertThat(l.path("mediaType").asText()).endsWith("gzip"));

            // registry → another repository of the same registry: mounted, the same manifest
            Cli.Run mount = cli.ok("copy", "docker://" + app, "docker://" + registry.host() + "/other/app:2");
            assertThat(mount.out().lines().filter(l -> l.contains("Mounted from"))).hasSize(2);
            assertThat(skopeoJson("inspect", "--raw", "--tls-verify=false", "docker://" + registry.host() + "/other/app:2"))
                    .isEqualTo(pushed);

            // registry → docker-archive, read by skopeo and loaded by stowage
            Path dockerArchive = dir.resolve("out/app-docker.tar");
            cli.ok("copy", "docker://" + app, "docker-archive:" + dockerArchive + ":copy/app:3");
            assertThat(diffIds("docker-archive:" + dockerArchive)).isEqualTo(diffIds);
            tool("skopeo", "copy", "--quiet", "docker-archive:" + dockerArchive, "oci:" + dir.resolve("skopeo-oci") + ":x");
            assertThat(diffIds("oci:" + dir.resolve("skopeo-oci") + ":x")).isEqualTo(diffIds);

            // a docker-archive written by skopeo (uncompressed layers) → registry, without the store
            Path skopeoArchive = dir.resolve("skopeo.tar");
            tool("skopeo", "copy", "--quiet", "--src-tls-verify=false", "docker://" + app, "docker-archive:" + skopeoArchive + ":sk/app:1");
            String fromSkopeo = registry.host() + "/team/from-skopeo:1";
            cli.ok("copy", "docker-archive:" + skopeoArchive + ":sk/app:1", "docker://" + fromSkopeo);
            assertThat(diffIds("docker://" + fromSkopeo)).isEqualTo(diffIds);
            assertThat(StoreSnapshot.of(cli.store())).isEqualTo(empty);

            // registry → store (diffIDs checked), store → OCI layout directory read by skopeo
            cli.ok("copy", "docker://" + app, "store:");
            assertThat(cli.ok("verify").out()).startsWith("OK:");
            assertThat(cli.ok("images").out()).contains(registry.host() + "/team/app");
            Path layout = dir.resolve("layout");
            cli.ok("copy", app, "oci:" + layout + ":v1");
            assertThat(diffIds("oci:" + layout + ":v1")).isEqualTo(diffIds);
            Cli.Run again = cli.ok("copy", "docker://" + app, "store:");
            assertThat(again.out().lines().filter(l -> l.contains("Layer already exists"))).hasSize(2);

            // the docker-archive stowage wrote loads as it should
            Cli other = new Cli(dir.resolve("store2"), Cli.isolatedEnv(dir));
            other.ok("load", "-i", dockerArchive.toString());
            assertThat(other.ok("images").out()).contains("copy/app");
        }
    }

    @Test
    void aFailedCopyLeavesStoreAndArchiveAsTheyWere() throws Exception {
        Path archive = ImageArchives.ociArchive(dir.resolve("app.tar"), "example.com/team/app:1", List.of("/bin/app"), false, true,
                ImageArchives.layer(Map.of("etc/a.txt", "a\n")), ImageArchives.layer(Map.of("etc/b.txt", "b\n")));
        try (RegistryServer registry = RegistryServer.plain(dir.resolve("reg"))) {
            String app = registry.host() + "/team/app:1";
            cli.ok("copy", "oci-archive:" + archive, "docker://" + app);
            // the registry loses the data of one layer: every copy from it fails at that layer
            JsonNode manifest = skopeoJson("inspect", "--raw", "--tls-verify=false", "docker://" + app);
            String lost = manifest.path("layers").get(1).path("digest").asText().substring("sha256:".length());
            try (Stream<Path> files = Files.walk(registry.storageDir())) {
                for (Path p : files.filter(p -> p.toString().contains("/blobs/sha256/" + lost.substring(0, 2) + "/" + lost)
                        && p.getFileName().toString().equals("data")).toList()) {
                    Files.delete(p);
                }
            }
            StoreSnapshot before = StoreSnapshot.of(initStore());
            Cli.Run intoStore = cli.run("copy", "docker://" + app, "store:");
            assertThat(intoStore.exitCode()).isEqualTo(1);
            assertThat(intoStore.err()).startsWith("Error: ");
            assertThat(StoreSnapshot.of(cli.store())).isEqualTo(before);

            Path existing = dir.resolve("existing.tar");
            Files.write(existing, "what was there".getBytes(StandardCharsets.UTF_8));
            assertThat(cli.run("copy", "docker://" + app, "docker-archive:" + existing).exitCode()).isEqualTo(1);
            assertThat(Files.readString(existing)).isEqualTo("what was there");
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
            }
            Path layout = dir.resolve("layout");
            assertThat(cli.run("copy", "docker://" + app, "oci:" + layout + ":v1").exitCode()).isEqualTo(1);
            assertThat(layout.resolve("index.json")).doesNotExist();
        }
    }

    @Test
    void layerViewsReadARegistryImageOrAnArchiveWhereItLies() throws Exception {
        Path archive = ImageArchives.ociArchive(dir.resolve("app.tar"), "example.com/team/app:1", List.of("/bin/app"), false, true,
                ImageArchives.layer(Map.of("etc/app/greeting.txt", "hello\n", "etc/app/big.txt", "x".repeat(5000))),
                ImageArchives.layer(Map.of("etc/app/greeting.txt", "hello again\n")));
        try (RegistryServer registry = RegistryServer.plain(dir.resolve("reg"))) {
            String app = registry.host() + "/team/app:1";
            cli.ok("copy", "oci-archive:" + archive, "docker://" + app);
            Path skopeoArchive = dir.resolve("skopeo.tar");
            tool("skopeo", "copy", "--quiet", "--src-tls-verify=false", "docker://" + app, "docker-archive:" + skopeoArchive + ":sk/app:1");
            StoreSnapshot empty = StoreSnapshot.of(initStore());
            List<List<String>> views = List.of(List.of("layers", "--no-trunc"), List.of("analyze", "--format", "json"),
                    List.of("tree"), List.of("tree", "--layer", "1"));
            List<String> remote = new ArrayList<>();
            List<String> fromArchive = new ArrayList<>();
            for (List<String> view : views) {
                remote.add(cli.ok(with(view, "docker://" + app)).out());
                fromArchive.add(cli.ok(with(view, "oci-archive:" + archive)).out());
            }
            assertThat(remote.get(2)).contains("greeting.txt");
            assertThat(StoreSnapshot.of(cli.store())).isEqualTo(empty);
            cli.ok("copy", "docker://" + app, "store:");
            for (int i = 0; i < views.size(); i++) {
                String stored = cli.ok(with(views.get(i), app)).out();
                assertThat(remote.get(i)).as("%s", views.get(i)).isEqualTo(stored);
                assertThat(fromArchive.get(i)).as("%s", views.get(i)).isEqualTo(stored);
            }
            // skopeo's docker-archive keeps the layers uncompressed: the same files and changes
            assertThat(cli.ok("tree", "docker-archive:" + skopeoArchive).out()).isEqualTo(cli.ok("tree", app).out());
            assertThat(cli.ok("diff", "docker://" + app, "docker-archive:" + skopeoArchive).out()).isEmpty();
            assertThat(cli.ok("diff", "oci-archive:" + archive, app).out()).isEmpty();
            cli.ok("export-layer", "docker://" + app, "1", "-o", dir.resolve("remote-layer.tar").toString());
            cli.ok("export-layer", app, "1", "-o", dir.resolve("stored-layer.tar").toString());
            assertThat(Files.readAllBytes(dir.resolve("remote-layer.tar"))).isEqualTo(Files.readAllBytes(dir.resolve("stored-layer.tar")));
        }
    }

    @Test
    void aCancelledCopyLeavesTheStoreAndTheArchiveAsTheyWere() throws Exception {
        Path archive = ImageArchives.ociArchive(dir.resolve("app.tar"), "example.com/team/app:1", List.of("/bin/app"), false, true,
                ImageArchives.layer(Map.of("etc/a.txt", "a\n")), ImageArchives.layer(Map.of("etc/b.txt", "b\n")));
        StoreSnapshot before = StoreSnapshot.of(initStore());
        Path target = dir.resolve("out.tar");
        for (String destination : List.of("store:", "docker-archive:" + target, "oci:" + dir.resolve("layout"))) {
            dev.stowage.progress.Cancellation cancellation = new dev.stowage.progress.Cancellation();
            dev.stowage.progress.ProgressListener cancelAfterOneLayer = e -> {
                if (e.state() == dev.stowage.progress.LayerState.PUSHED) cancellation.cancel();
            };
            Places places = new Places(n -> dev.stowage.store.Store.open(cli.store()), host -> {
                throw new AssertionError("no registry");
            }, n -> {
                throw new AssertionError("no engine");
            });
            try (ImagePlace from = places.open("oci-archive:" + archive); ImagePlace to = places.open(destination)) {
                assertThatThrownBy(() -> new ImageCopy(cancelAfterOneLayer, cancellation).copy(from, to))
                        .isInstanceOf(java.io.InterruptedIOException.class).hasMessage("cancelled");
            }
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
        assertThat(StoreSnapshot.of(cli.store())).isEqualTo(before);
        assertThat(target).doesNotExist();
        assertThat(dir.resolve("layout/index.json")).doesNotExist();
        try (Stream<Path> blobs = Files.walk(dir.resolve("layout"))) {
            assertThat(blobs.filter(Files::isRegularFile)).isEmpty();
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }
    }

    @Test
    void copiesAWholeMultiPlatformIndexWithAll() throws Exception {
        try (RegistryServer registry = RegistryServer.plain(dir.resolve("reg"))) {
            String multi = registry.host() + "/team/multi:1";
            com.fasterxml.jackson.databind.node.ObjectNode index = Json.object();
            index.put("schemaVersion", 2);
            index.put("mediaType", dev.stowage.image.MediaTypes.OCI_INDEX);
            var manifests = index.putArray("manifests");
            for (String arch : List.of("amd64", "arm64")) {
                Path archive = ImageArchives.ociArchive(dir.resolve(arch + ".tar"), "example.com/" + arch + ":1", List.of("/bin/" + arch), false, true,
                        ImageArchives.layer(Map.of("etc/arch", arch + "\n")));
                String single = registry.host() + "/team/multi:" + arch;
                cli.ok("copy", "oci-archive:" + archive, "docker://" + single);
                byte[] raw = Tools.run(dir, "skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + single).assertOk()
                        .stdout().getBytes(StandardCharsets.UTF_8);
                var d = manifests.addObject();
                d.put("mediaType", Json.parseAny(raw, "manifest").path("mediaType").asText());
                d.put("digest", dev.stowage.image.Digest.sha256(raw).toString());
                d.put("size", raw.length);
                d.putObject("platform").put("os", "linux").put("architecture", arch);
            }
            byte[] indexBytes = Json.bytes(index);
            okhttp3.Request put = new okhttp3.Request.Builder().url(registry.baseUrl().resolve("/v2/team/multi/manifests/1").toString())
                    .put(okhttp3.RequestBody.create(indexBytes, okhttp3.MediaType.get(dev.stowage.image.MediaTypes.OCI_INDEX))).build();
            try (okhttp3.Response response = registry.httpClient().newCall(put).execute()) {
                assertThat(response.code()).isEqualTo(201);
            }

            cli.ok("copy", "--all", "docker://" + multi, "docker://" + registry.host() + "/copy/multi:1");
            assertThat(rawBytes("docker://" + registry.host() + "/copy/multi:1")).isEqualTo(indexBytes);
            Path layout = dir.resolve("layout");
            cli.ok("copy", "--all", "docker://" + multi, "oci:" + layout + ":m");
            assertThat(rawBytes("oci:" + layout + ":m")).isEqualTo(indexBytes);
            tool("skopeo", "copy", "--quiet", "--all", "oci:" + layout + ":m", "oci:" + dir.resolve("check") + ":m");
            cli.ok("copy", "--all", "oci:" + layout + ":m", "store:" + registry.host() + "/team/multi:1");
            assertThat(cli.ok("verify").out()).startsWith("OK:");
            cli.ok("copy", "--all", multi, "docker://" + registry.host() + "/back/multi:1");
            assertThat(rawBytes("docker://" + registry.host() + "/back/multi:1")).isEqualTo(indexBytes);
            // without --all, this machine's platform only
            cli.ok("copy", "docker://" + multi, "oci:" + layout + ":one");
            assertThat(Json.parseAny(rawBytes("oci:" + layout + ":one"), "manifest").has("layers")).isTrue();
            assertThat(cli.run("copy", "--all", "docker://" + multi, "docker-archive:" + dir.resolve("x.tar")).err())
                    .startsWith("Error: a docker-archive holds one platform's image");
            assertThat(dir.resolve("x.tar")).doesNotExist();
        }
    }

    @Test
    void formatConvertsTheManifestKeepingTheLayers() throws Exception {
        Path archive = ImageArchives.ociArchive(dir.resolve("app.tar"), "example.com/team/app:1", List.of("/bin/app"), false, true,
                ImageArchives.layer(Map.of("etc/a.txt", "a\n")), ImageArchives.layer(Map.of("etc/b.txt", "b\n")));
        try (RegistryServer registry = RegistryServer.plain(dir.resolve("reg"))) {
            String oci = registry.host() + "/team/app:oci";
            String docker = registry.host() + "/team/app:docker";
            cli.ok("copy", "oci-archive:" + archive, "docker://" + oci);
            cli.ok("copy", "--format", "docker", "docker://" + oci, "docker://" + docker);
            JsonNode original = Json.parseAny(rawBytes("docker://" + oci), "manifest");
            JsonNode converted = Json.parseAny(rawBytes("docker://" + docker), "manifest");
            assertThat(original.path("mediaType").asText()).isEqualTo(dev.stowage.image.MediaTypes.OCI_MANIFEST);
            assertThat(converted.path("mediaType").asText()).isEqualTo(dev.stowage.image.MediaTypes.DOCKER_MANIFEST);
            assertThat(converted.path("config").path("mediaType").asText()).isEqualTo(dev.stowage.image.MediaTypes.DOCKER_CONFIG);
            for (int i = 0; i < 2; i++) {
                assertThat(converted.path("layers").get(i).path("digest")).isEqualTo(original.path("layers").get(i).path("digest"));
                assertThat(converted.path("layers").get(i).path("mediaType").asText()).isEqualTo(dev.stowage.image.MediaTypes.DOCKER_LAYER_GZIP);
            }
            assertThat(diffIds("docker://" + docker)).isEqualTo(diffIds("docker://" + oci));
            // and back, through a layout directory skopeo reads
            Path layout = dir.resolve("layout");
            cli.ok("copy", "--format", "oci", "docker://" + docker, "oci:" + layout + ":back");
            JsonNode back = Json.parseAny(rawBytes("oci:" + layout + ":back"), "manifest");
            assertThat(back.path("layers").get(0).path("mediaType").asText()).isEqualTo(dev.stowage.image.MediaTypes.OCI_LAYER_GZIP);
            tool("skopeo", "copy", "--quiet", "oci:" + layout + ":back", "oci:" + dir.resolve("check") + ":x");
            assertThat(cli.run("copy", "--format", "v1", "docker://" + oci, "store:").err()).startsWith("Error: unknown manifest format 'v1'");
        }
    }

    @Test
    void registryToAnotherRegistryStreamsAndARefusedMountFallsBackToUpload() throws Exception {
        Path archive = ImageArchives.ociArchive(dir.resolve("app.tar"), "example.com/team/app:1", List.of("/bin/app"), false, true,
                ImageArchives.layer(Map.of("etc/a.txt", "a\n")), ImageArchives.layer(Map.of("etc/b.txt", "b\n")));
        try (RegistryServer one = RegistryServer.plain(dir.resolve("reg1"));
             RegistryServer two = RegistryServer.plain(dir.resolve("reg2"));
             dev.stowage.testing.FaultProxy proxy = dev.stowage.testing.FaultProxy.to(one.port())) {
            String app = proxy.host() + "/team/app:1";
            cli.ok("copy", "oci-archive:" + archive, "docker://" + app);
            byte[] manifest = rawBytes("docker://" + app);

            proxy.answer("^POST /v2/other/app/blobs/uploads/\\?mount=", 10, 202, "Location: /v2/other/app/blobs/uploads/refused");
            Cli.Run refused = cli.ok("copy", "docker://" + app, "docker://" + proxy.host() + "/other/app:1");
            assertThat(proxy.exchanges("mount=")).hasSize(3); // config and both layers asked for
            assertThat(refused.out()).doesNotContain("Mounted from");
            assertThat(refused.out().lines().filter(l -> l.endsWith("Pushed"))).hasSize(2);
            assertThat(rawBytes("docker://" + proxy.host() + "/other/app:1")).isEqualTo(manifest);

            // a connection lost in the middle of a blob: that blob again, and the copy completes
            proxy.resetResponseAfter("^GET /v2/team/app/blobs/sha256:", 100, 1);
            cli.ok("copy", "docker://" + app, "store:");
            assertThat(proxy.exchanges("^GET /v2/team/app/blobs/sha256:").stream().filter(e -> !e.fault().isEmpty())).hasSize(1);
            assertThat(cli.ok("verify").out()).startsWith("OK:");

            Cli.Run across = cli.ok("copy", "docker://" + app, "docker://" + two.host() + "/team/app:1");
            assertThat(across.out().lines().filter(l -> l.endsWith("Pushed"))).hasSize(2);
            assertThat(rawBytes("docker://" + two.host() + "/team/app:1")).isEqualTo(manifest);
        }
    }

    @Test
    void copiesBetweenTwoTlsRegistriesWithTokenAuth() throws Exception {
        Path archive = ImageArchives.ociArchive(dir.resolve("app.tar"), "example.com/team/app:1", List.of("/bin/app"), false, true,
                ImageArchives.layer(Map.of("etc/a.txt", "a\n")), ImageArchives.layer(Map.of("etc/b.txt", "b\n")));
        Map<String, String> passwords = Map.of("alice", "alice-pw");
        Map<String, java.util.Set<String>> grants = Map.of("alice", java.util.Set.of("*:pull,push"));
        try (RegistryServer one = RegistryServer.tokenTls(dir.resolve("reg1"), passwords, grants);
             RegistryServer two = RegistryServer.tokenTls(dir.resolve("reg2"), passwords, grants)) {
            Map<String, String> env = Cli.isolatedEnv(dir);
            Path certs = dir.resolve("certs.d");
            for (RegistryServer r : List.of(one, two)) {
                Files.createDirectories(certs.resolve(r.host()));
                Files.copy(r.caCert(), certs.resolve(r.host()).resolve("ca.crt"));
            }
            env.put("STOWAGE_CERTS_D", certs.toString());
            Path settings = dir.resolve("home/.config/stowage/settings.json");
            Files.createDirectories(settings.getParent());
            Files.writeString(settings, "{\"loopbackInsecure\": false}");
            Cli tls = new Cli(dir.resolve("store"), env);
            for (RegistryServer r : List.of(one, two)) {
                Cli.Run login = tls.runWithInput(new java.io.ByteArrayInputStream("alice-pw".getBytes(StandardCharsets.UTF_8)),
                        "login", "-u", "alice", "--password-stdin", r.host());
                assertThat(login.exitCode()).as(login.err()).isZero();
            }
            String app = one.host() + "/team/app:1";
            tls.ok("copy", "oci-archive:" + archive, "docker://" + app);
            tls.ok("copy", "docker://" + app, "docker://" + two.host() + "/copied/app:1");
            assertThat(tls.ok("copy", "docker://" + app, "docker://" + one.host() + "/other/app:1").out()).contains("Mounted from");
            List<byte[]> raws = new ArrayList<>();
            for (String ref : List.of(app, two.host() + "/copied/app:1", one.host() + "/other/app:1")) {
                RegistryServer r = ref.startsWith(one.host()) ? one : two;
                raws.add(Tools.run(dir, "skopeo", "inspect", "--raw", "--cert-dir", r.certDir().toString(), "--creds", "alice:alice-pw",
                        "docker://" + ref).assertOk().stdout().getBytes(StandardCharsets.UTF_8));
            }
            assertThat(raws.get(1)).isEqualTo(raws.get(0));
            assertThat(raws.get(2)).isEqualTo(raws.get(0));
            Cli.Run anonymous = new Cli(dir.resolve("store"), Cli.isolatedEnv(dir.resolve("other-home")))
                    .run("copy", "docker://" + app, "store:");
            assertThat(anonymous.exitCode()).isEqualTo(1);
            assertThat(anonymous.err()).startsWith("Error: ").doesNotContain("alice-pw");
        }
    }

    private byte[] rawBytes(String image) throws Exception {
        return Tools.run(dir, "skopeo", "inspect", "--raw", "--tls-verify=false", image).assertOk().stdout().getBytes(StandardCharsets.UTF_8);
    }

    private static String[] with(List<String> view, String image) {
        List<String> args = new ArrayList<>(view);
        args.add(1, image);
        return args.toArray(String[]::new);
    }

    @Test
    void placeNamesAreReadAsSkopeoSpellsThem() {
        assertThat(PlaceName.parse("docker://127.0.0.1:5000/a/b:1")).isEqualTo(new PlaceName(PlaceName.Transport.REGISTRY, "", "127.0.0.1:5000/a/b:1"));
        assertThat(PlaceName.parse("docker-archive:/tmp/x.tar:a/b:1")).isEqualTo(new PlaceName(PlaceName.Transport.DOCKER_ARCHIVE, "/tmp/x.tar", "a/b:1"));
        assertThat(PlaceName.parse("oci:/tmp/dir")).isEqualTo(new PlaceName(PlaceName.Transport.OCI_DIR, "/tmp/dir", ""));
        assertThat(PlaceName.parse("engine=podman:web:1")).isEqualTo(new PlaceName(PlaceName.Transport.ENGINE, "podman", "web:1"));
        assertThat(PlaceName.parse("busybox:latest")).isEqualTo(new PlaceName(PlaceName.Transport.STORE, "", "busybox:latest"));
        assertThat(PlaceName.parse("store:")).isEqualTo(new PlaceName(PlaceName.Transport.STORE, "", ""));
        assertThat(cli.run("copy", "oci-archive:", "store:").err()).startsWith("Error: 'oci-archive:': no path given");
    }

    private Path initStore() {
        cli.ok("images");
        return cli.store();
    }

    private List<String> diffIds(String image) throws Exception {
        JsonNode config = skopeoJson("inspect", "--config", "--tls-verify=false", image);
        List<String> ids = new ArrayList<>();
        config.path("rootfs").path("diff_ids").forEach(d -> ids.add(d.asText()));
        return ids;
    }

    private JsonNode skopeoJson(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("skopeo"));
        command.addAll(List.of(args));
        return Json.parseAny(Tools.run(dir, command).assertOk().stdout().getBytes(StandardCharsets.UTF_8), "skopeo");
    }

    private void tool(String... command) throws Exception {
        Tools.run(dir, command).assertOk();
    }
}
