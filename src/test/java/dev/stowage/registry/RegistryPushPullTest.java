package dev.stowage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Json;
import dev.stowage.testing.Cli;
import dev.stowage.testing.RegistryServer;
import dev.stowage.testing.StoreSnapshot;
import dev.stowage.testing.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** push, pull, login and logout against Debian's docker-registry: plain HTTP, TLS with basic auth, and token auth. */
class RegistryPushPullTest {
    @TempDir
    Path dir;
    Path ggcr;
    Map<String, String> env;

    @BeforeEach
    void setUp() {
        ggcr = Tools.fixtures().resolve("ggcr");
        env = Cli.isolatedEnv(dir);
        env.remove("REGISTRY_AUTH_FILE");
    }

    private Cli cli(String store) {
        return new Cli(dir.resolve(store), env);
    }

    private static Cli.Run ok(Cli cli, String... args) {
        return cli.ok(args);
    }

    private static JsonNode json(Cli cli, String... args) {
        return Json.parseAny(ok(cli, args).out().getBytes(), "output");
    }

    @Test
    void pushAndPullOverPlainHttpLikeDocker() throws Exception {
        try (RegistryServer registry = RegistryServer.plain(dir.resolve("reg"))) {
            Cli a = cli("a");
            ok(a, "load", "-i", ggcr.resolve("whiteout_image.tar").toString());
            String ref = registry.host() + "/team/app:v0.2";
            ok(a, "tag", "bazel/pkg/v1/mutate:whiteout_image", ref);

            Cli.Run push = ok(a, "push", ref);
            List<String> lines = push.out().lines().toList();
            assertThat(lines.get(0)).isEqualTo("The push refers to repository [" + registry.host() + "/team/app]");
            assertThat(lines.stream().filter(l -> l.endsWith(": Pushed"))).hasSize(3);
            assertThat(lines.get(lines.size() - 1)).matches("v0\\.2: digest: sha256:[0-9a-f]{64} size: \\d+");
            String digest = lines.get(lines.size() - 1).split(" ")[2];

            Cli.Run again = ok(a, "push", ref);
            assertThat(again.out().lines().filter(l -> l.endsWith(": Layer already exists"))).hasSize(3);
            assertThat(again.out()).contains("v0.2: digest: " + digest);
            assertThat(again.out()).doesNotContain("Pushed").doesNotContain("Compressing");

            Cli b = cli("b");
            Cli.Run pull = ok(b, "pull", ref);
            assertThat(pull.out()).startsWith("v0.2: Pulling from team/app\n")
                    .contains("Digest: " + digest, "Status: Downloaded newer image for " + ref);
            assertThat(pull.out().lines().filter(l -> l.endsWith(": Pull complete"))).hasSize(3);
            assertThat(ok(b, "verify").out()).startsWith("OK:");
            assertThat(json(b, "inspect", ref).get(0).get("RootFS"))
                    .isEqualTo(json(a, "inspect", ref).get(0).get("RootFS"));
            assertThat(json(b, "inspect", ref).get(0).get("Id")).isEqualTo(json(a, "inspect", ref).get(0).get("Id"));
            assertThat(ok(b, "pull", ref).out()).contains("Status: Image is up to date for " + ref);

            // what stowage pushed, skopeo reads with the same diff_ids
            Tools.require("skopeo");
            Tools.Result config = Tools.run(dir, "skopeo", "inspect", "--config", "--tls-verify=false", "docker://" + ref).assertOk();
            assertThat(Json.parseAny(config.stdout().getBytes(), "config").get("rootfs").get("diff_ids"))
                    .isEqualTo(json(a, "inspect", ref).get(0).get("RootFS").get("Layers"));
            Tools.run(dir, "skopeo", "copy", "--src-tls-verify=false", "docker://" + ref, "oci:" + dir.resolve("oci") + ":x").assertOk();
        }
    }

    @Test
    void pushMountsBlobsFromAnotherRepositoryOfTheRegistry() throws Exception {
        try (RegistryServer registry = RegistryServer.plain(dir.resolve("reg"))) {
            Cli a = cli("a");
            ok(a, "load", "-i", ggcr.resolve("test_image_1.tar").toString());
            ok(a, "tag", "bazel/v1/tarball:test_image_1", registry.host() + "/team/one:1");
            ok(a, "tag", "bazel/v1/tarball:test_image_1", registry.host() + "/team/two:1");
            ok(a, "push", registry.host() + "/team/one:1");
            Cli.Run second = ok(a, "push", registry.host() + "/team/two:1");
            assertThat(second.out()).contains(": Mounted from team/one");
            assertThat(second.out()).doesNotContain(": Pushed");
        }
    }

    @Test
    void pullOfAMissingImageOrUnreachableRegistryIsOneLineAndStoresNothing() throws Exception {
        try (RegistryServer registry = RegistryServer.plain(dir.resolve("reg"))) {
            Cli b = cli("b");
            ok(b, "images");
            StoreSnapshot before = StoreSnapshot.of(dir.resolve("b"));
            Cli.Run missing = b.run("pull", registry.host() + "/no/such:tag");
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.err()).isEqualTo("Error: manifest for " + registry.host() + "/no/such:tag not found\n");
            assertThat(StoreSnapshot.of(dir.resolve("b"))).isEqualTo(before);
        }
        Cli.Run closed = cli("b").run("pull", "127.0.0.1:1/x:y");
        assertThat(closed.exitCode()).isEqualTo(1);
        assertThat(closed.err()).startsWith("Error: cannot connect to 127.0.0.1:1").doesNotContain("\n\n");
    }

    @Test
    void tlsWithBasicAuthVerifiesCertificatesAndCredentials() throws Exception {
        try (RegistryServer registry = RegistryServer.tlsBasic(dir.resolve("reg"), "larry", "s3cret-Pa55")) {
            String host = registry.localhostName();
            Path certs = dir.resolve("certs.d");
            Files.createDirectories(certs.resolve(host));
            Files.copy(registry.caCert(), certs.resolve(host).resolve("ca.crt"));
            // loopback registries are insecure by default, as in docker: switch that off to test verification
            Path settings = dir.resolve("home/.config/stowage/settings.json");
            Files.createDirectories(settings.getParent());
            Files.writeString(settings, "{\"loopbackInsecure\": false}");
            Cli noCa = cli("a");
            Cli.Run untrusted = noCa.runWithInput(new java.io.ByteArrayInputStream("s3cret-Pa55\n".getBytes()),
                    "login", "-u", "larry", "--password-stdin", host);
            assertThat(untrusted.exitCode()).isEqualTo(1);
            assertThat(untrusted.err()).startsWith("Error: TLS to " + host + " failed");

            env.put("STOWAGE_CERTS_D", certs.toString());
            Cli a = cli("a");
            Cli.Run wrong = a.runWithInput(new java.io.ByteArrayInputStream("wrong\n".getBytes()),
                    "login", "-u", "larry", "--password-stdin", host);
            assertThat(wrong.exitCode()).isEqualTo(1);
            assertThat(wrong.err()).isEqualTo("Error: unauthorized: incorrect username or password\n");
            assertThat(dir.resolve("home/.docker/config.json")).doesNotExist();

            Cli.Run login = a.runWithInput(new java.io.ByteArrayInputStream("s3cret-Pa55\n".getBytes()),
                    "login", "-u", "larry", "--password-stdin", host);
            assertThat(login.exitCode()).as(login.err()).isZero();
            assertThat(login.out()).isEqualTo("Login Succeeded\n");
            assertThat(login.err()).contains("WARNING! Your password will be stored unencrypted in");
            Path config = dir.resolve("home/.docker/config.json");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
            assertThat(Files.readString(config)).contains(host).doesNotContain("s3cret-Pa55");

            ok(a, "load", "-i", ggcr.resolve("test_image_1.tar").toString());
            ok(a, "tag", "bazel/v1/tarball:test_image_1", host + "/secure/app:1");
            assertThat(ok(a, "push", host + "/secure/app:1").out()).contains("1: digest: sha256:");
            Cli b = cli("b");
            ok(b, "pull", host + "/secure/app:1");
            assertThat(ok(a, "logout", host).out()).isEqualTo("Removing login credentials for " + host + "\n");
            Cli.Run denied = cli("c").run("pull", host + "/secure/app:1");
            assertThat(denied.exitCode()).isEqualTo(1);
            assertThat(denied.err()).contains("unauthorized").doesNotContain("s3cret");
        }
    }

    @Test
    void tokenAuthGrantsScopesAndRefusesWhatIsNotGranted() throws Exception {
        Map<String, String> passwords = Map.of("alice", "alice-pw", "bob", "bob-pw");
        Map<String, Set<String>> grants = Map.of("alice", Set.of("*:pull,push"), "bob", Set.of("*:pull"));
        try (RegistryServer registry = RegistryServer.token(dir.resolve("reg"), passwords, grants)) {
            String host = registry.host();
            Cli alice = cli("a");
            Cli.Run login = alice.runWithInput(new java.io.ByteArrayInputStream("alice-pw".getBytes()),
                    "login", "-u", "alice", "--password-stdin", host);
            assertThat(login.exitCode()).as(login.err()).isZero();
            ok(alice, "load", "-i", ggcr.resolve("test_image_2.tar").toString());
            ok(alice, "tag", "bazel/v1/tarball:test_image_2", host + "/team/app:1");
            ok(alice, "push", host + "/team/app:1");
            assertThat(registry.tokenRequests()).anySatisfy(r -> assertThat(r.scopes()).contains("repository:team/app:push,pull"));

            Path bobHome = dir.resolve("bob");
            Cli bob = new Cli(dir.resolve("b"), env).withEnv(Map.of("DOCKER_CONFIG", bobHome.toString()));
            Cli.Run bobLogin = bob.runWithInput(new java.io.ByteArrayInputStream("bob-pw".getBytes()),
                    "login", "-u", "bob", "--password-stdin", host);
            assertThat(bobLogin.exitCode()).as(bobLogin.err()).isZero();
            ok(bob, "pull", host + "/team/app:1");
            ok(bob, "tag", host + "/team/app:1", host + "/team/bob:1");
            Cli.Run refused = bob.run("push", host + "/team/bob:1");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).startsWith("Error: ").contains("unauthorized").doesNotContain("bob-pw");

            Cli.Run wrong = cli("c").runWithInput(new java.io.ByteArrayInputStream("nope".getBytes()),
                    "login", "-u", "alice", "--password-stdin", host);
            assertThat(wrong.err()).isEqualTo("Error: unauthorized: incorrect username or password\n");
        }
    }

    @Test
    void credentialHelperStoresAndServesTheSecret() throws Exception {
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        Path helper = bin.resolve("docker-credential-test");
        Files.copy(Path.of("src/test/resources/docker-credential-test"), helper);
        helper.toFile().setExecutable(true);
        Path creds = dir.resolve("creds.json");
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("TEST_CREDS_FILE", creds.toString());
        Files.createDirectories(dir.resolve("home/.docker"));
        Files.writeString(dir.resolve("home/.docker/config.json"), "{\"credsStore\": \"test\"}");
        try (RegistryServer registry = RegistryServer.tlsBasic(dir.resolve("reg"), "helper-user", "helper-pw")) {
            String host = registry.localhostName();
            Cli a = cli("a");
            Cli.Run login = a.runWithInput(new java.io.ByteArrayInputStream("helper-pw".getBytes()),
                    "login", "-u", "helper-user", "--password-stdin", host);
            assertThat(login.exitCode()).as(login.err()).isZero();
            assertThat(login.err()).doesNotContain("unencrypted");
            assertThat(Files.readString(creds)).contains("helper-user");
            assertThat(Files.readString(dir.resolve("home/.docker/config.json"))).doesNotContain("helper-pw");
            ok(a, "load", "-i", ggcr.resolve("test_image_1.tar").toString());
            ok(a, "tag", "bazel/v1/tarball:test_image_1", host + "/h/app:1");
            ok(a, "push", host + "/h/app:1");
            assertThat(ok(a, "logout", host).out()).isEqualTo("Removing login credentials for " + host + "\n");
            assertThat(Files.readString(creds)).doesNotContain("helper-user");
        }
    }
}
