package dev.stowage.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Json;
import dev.stowage.testing.TokenServer.TokenRequest;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry fixture really serves each mode to real clients: skopeo pushes, OkHttp speaks the protocol. */
class RegistryServerTest {
    @TempDir
    Path tmp;

    // ---------------------------------------------------------------- plain

    @Test
    void plainRegistryTakesASkopeoPush() throws Exception {
        Path image = image();
        try (RegistryServer registry = RegistryServer.plain(tmp.resolve("registry"))) {
            assertThat(registry.baseUrl().toString()).isEqualTo("http://" + registry.host() + "/");
            skopeo("copy", "--dest-tls-verify=false", "docker-archive:" + image, "docker://" + registry.host() + "/a/b:t")
                    .assertOk();

            try (Response response = get(registry.httpClient(), registry.baseUrl() + "v2/a/b/tags/list", null)) {
                assertThat(response.code()).isEqualTo(200);
                JsonNode tags = Json.readTree(response.body().string());
                assertThat(tags.path("name").asText()).isEqualTo("a/b");
                assertThat(texts(tags.path("tags"))).containsExactly("t");
            }
            assertThat(registry.storageDir().resolve("docker/registry/v2/repositories/a/b")).isDirectory();
            assertThat(registry.tokenRequests()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- TLS + basic

    @Test
    void tlsBasicRegistryChecksCertificateAndPassword() throws Exception {
        Path image = image();
        try (RegistryServer registry = RegistryServer.tlsBasic(tmp.resolve("registry"), "stowage", "s3cret")) {
            assertThat(registry.baseUrl().toString()).isEqualTo("https://" + registry.host() + "/");
            assertThat(registry.certDir().resolve("ca.crt")).isEqualTo(registry.caCert());
            String certDir = "--dest-cert-dir=" + registry.certDir();

            // the certificate names localhost: push by name
            skopeo("copy", certDir, "--dest-creds=stowage:s3cret",
                    "docker-archive:" + image, "docker://" + registry.localhostName() + "/team/app:v1").assertOk();

            Tools.Result wrongPassword = skopeo("copy", certDir, "--dest-creds=stowage:wrong",
                    "docker-archive:" + image, "docker://" + registry.host() + "/team/app:v2");
            assertThat(wrongPassword.exitCode()).isNotZero();
            assertThat(wrongPassword.stderr().toLowerCase()).contains("unauthorized");

            // without the test CA the certificate is not trusted
            Tools.Result untrusted = skopeo("copy", "--dest-creds=stowage:s3cret",
                    "docker-archive:" + image, "docker://" + registry.host() + "/team/app:v3");
            assertThat(untrusted.exitCode()).isNotZero();
            assertThat(untrusted.stderr()).contains("certificate");

            OkHttpClient client = registry.httpClient();
            try (Response anonymous = get(client, registry.baseUrl() + "v2/", null)) {
                assertThat(anonymous.code()).isEqualTo(401);
                assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic realm=");
            }
            try (Response authed = get(client, registry.baseUrl() + "v2/", Credentials.basic("stowage", "s3cret"))) {
                assertThat(authed.code()).isEqualTo(200);
            }
            try (Response wrong = get(client, registry.baseUrl() + "v2/", Credentials.basic("stowage", "nope"))) {
                assertThat(wrong.code()).isEqualTo(401);
            }
            // by name as well as by IP (both SANs of the certificate); only v1 made it
            try (Response tags = get(client, "https://" + registry.localhostName() + "/v2/team/app/tags/list",
                    Credentials.basic("stowage", "s3cret"))) {
                assertThat(tags.code()).isEqualTo(200);
                assertThat(texts(Json.readTree(tags.body().string()).path("tags"))).containsExactly("v1");
            }
            // a client with the default trust store refuses the test CA
            OkHttpClient defaultTrust = new OkHttpClient.Builder().build();
            assertThatThrownBy(() -> get(defaultTrust, registry.baseUrl() + "v2/", null).close())
                    .isInstanceOf(SSLException.class);
        }
    }

    // ---------------------------------------------------------------- token

    private static final Map<String, String> PASSWORDS = Map.of("alice", "alice-pw", "bob", "bob-pw");
    private static final Map<String, Set<String>> GRANTS = Map.of(
            "alice", Set.of("*:pull,push"),
            "bob", Set.of("*:pull"),
            RegistryServer.ANONYMOUS, Set.of("public/*:pull"));

    @Test
    void tokenRegistryRunsTheBearerFlowWithSkopeo() throws Exception {
        Path image = image();
        try (RegistryServer registry = RegistryServer.token(tmp.resolve("registry"), PASSWORDS, GRANTS)) {
            skopeo("copy", "--dest-tls-verify=false", "--dest-creds=alice:alice-pw",
                    "docker-archive:" + image, "docker://" + registry.host() + "/a/b:t").assertOk();
            List<TokenRequest> alice = registry.tokenRequests().stream().filter(r -> "alice".equals(r.user())).toList();
            assertThat(alice).isNotEmpty().allMatch(TokenRequest::succeeded);
            assertThat(alice).anySatisfy(r -> {
                assertThat(r.method()).isEqualTo("GET");
                assertThat(r.service()).isEqualTo(RegistryServer.SERVICE);
                assertThat(r.scopes()).anyMatch(s -> s.startsWith("repository:a/b:") && s.contains("push"));
                assertThat(r.granted()).anyMatch(s -> s.startsWith("repository:a/b:") && s.contains("push"));
            });

            // bob may only pull: his token lacks push, the registry refuses the upload
            registry.tokenServer().clearRequests();
            Tools.Result bob = skopeo("copy", "--dest-tls-verify=false", "--dest-creds=bob:bob-pw",
                    "docker-archive:" + image, "docker://" + registry.host() + "/a/b:bob");
            assertThat(bob.exitCode()).isNotZero();
            assertThat(bob.stderr().toLowerCase()).containsAnyOf("denied", "unauthorized", "authentication required");
            assertThat(registry.tokenRequests()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.user()).isEqualTo("bob");
                assertThat(r.granted()).noneMatch(s -> s.contains("push"));
            });

            // a wrong password stops at the token server
            registry.tokenServer().clearRequests();
            Tools.Result wrong = skopeo("copy", "--dest-tls-verify=false", "--dest-creds=alice:nope",
                    "docker-archive:" + image, "docker://" + registry.host() + "/a/b:wrong");
            assertThat(wrong.exitCode()).isNotZero();
            assertThat(registry.tokenRequests()).isNotEmpty().allMatch(r -> r.status() == 401);

            // the push by alice is there for bob to read
            Tools.Result tags = skopeo("list-tags", "--tls-verify=false", "--creds=bob:bob-pw",
                    "docker://" + registry.host() + "/a/b").assertOk();
            assertThat(texts(Json.readTree(tags.stdout()).path("Tags"))).containsExactly("t");
        }
    }

    @Test
    void tokenEndpointIssuesJwtsTheRegistryAccepts() throws Exception {
        Path image = image();
        try (RegistryServer registry = RegistryServer.token(tmp.resolve("registry"), PASSWORDS, GRANTS)) {
            skopeo("copy", "--dest-tls-verify=false", "--dest-creds=alice:alice-pw",
                    "docker-archive:" + image, "docker://" + registry.host() + "/a/b:t").assertOk();
            OkHttpClient client = registry.httpClient();
            String tagsUrl = registry.baseUrl() + "v2/a/b/tags/list";

            // the registry's challenge names the realm, the service and the scope
            try (Response challenge = get(client, tagsUrl, null)) {
                assertThat(challenge.code()).isEqualTo(401);
                assertThat(challenge.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"" + registry.tokenRealm()
                        + "\",service=\"" + RegistryServer.SERVICE + "\",scope=\"repository:a/b:pull\"");
            }

            JsonNode answer = tokenGet(registry, Credentials.basic("alice", "alice-pw"), "repository:a/b:pull");
            String token = answer.path("token").asText();
            assertThat(answer.path("access_token").asText()).isEqualTo(token);
            assertThat(answer.path("expires_in").asInt()).isEqualTo(300);
            assertThat(answer.path("issued_at").asText()).isNotEmpty();
            assertThat(answer.has("refresh_token")).isFalse();

            JsonNode header = jwtPart(token, 0);
            assertThat(header.path("alg").asText()).isEqualTo("RS256");
            assertThat(header.path("x5c")).hasSize(1);
            JsonNode claims = jwtPart(token, 1);
            assertThat(claims.path("iss").asText()).isEqualTo(RegistryServer.ISSUER);
            assertThat(claims.path("sub").asText()).isEqualTo("alice");
            assertThat(claims.path("aud").asText()).isEqualTo(RegistryServer.SERVICE);
            assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
            assertThat(claims.path("access").toString())
                    .isEqualTo("[{\"type\":\"repository\",\"name\":\"a/b\",\"actions\":[\"pull\"]}]");

            try (Response base = get(client, registry.baseUrl() + "v2/", "Bearer " + token)) {
                assertThat(base.code()).isEqualTo(200);
            }
            try (Response tags = get(client, tagsUrl, "Bearer " + token)) {
                assertThat(tags.code()).isEqualTo(200);
                assertThat(texts(Json.readTree(tags.body().string()).path("tags"))).containsExactly("t");
            }

            // bob asks for push and pull and gets pull; several scope parameters
            JsonNode bob = jwtPart(tokenGet(registry, Credentials.basic("bob", "bob-pw"),
                    "repository:a/b:push,pull", "repository:c/d:pull").path("token").asText(), 1);
            assertThat(bob.path("access").toString()).isEqualTo("[{\"type\":\"repository\",\"name\":\"a/b\",\"actions\":[\"pull\"]},"
                    + "{\"type\":\"repository\",\"name\":\"c/d\",\"actions\":[\"pull\"]}]");

            // anonymous: only public/*, so a token without access that the registry refuses for a/b
            String anonymous = tokenGet(registry, null, "repository:a/b:pull", "repository:public/x:pull,push")
                    .path("token").asText();
            assertThat(jwtPart(anonymous, 1).path("access").toString())
                    .isEqualTo("[{\"type\":\"repository\",\"name\":\"public/x\",\"actions\":[\"pull\"]}]");
            try (Response refused = get(client, tagsUrl, "Bearer " + anonymous)) {
                assertThat(refused.code()).isEqualTo(401);
                assertThat(refused.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
            }

            // a wrong password: 401 with a JSON error
            HttpUrl url = tokenUrl(registry, "repository:a/b:pull");
            try (Response bad = get(client, url.toString(), Credentials.basic("alice", "wrong"))) {
                assertThat(bad.code()).isEqualTo(401);
                JsonNode error = Json.readTree(bad.body().string());
                assertThat(error.path("errors").path(0).path("code").asText()).isEqualTo("UNAUTHORIZED");
            }
            // a token for another service is refused by the token server
            HttpUrl otherService = url.newBuilder().setQueryParameter("service", "elsewhere").build();
            try (Response bad = get(client, otherService.toString(), Credentials.basic("alice", "alice-pw"))) {
                assertThat(bad.code()).isEqualTo(400);
            }
            // a token minted with the fixture's key but for too little is refused by the registry
            String minted = registry.tokenServer().mint("alice", List.of("repository:a/b:push"), Duration.ofMinutes(5));
            try (Response refused = get(client, tagsUrl, "Bearer " + minted)) {
                assertThat(refused.code()).isEqualTo(401);
            }
            // and so is one that expired (beyond the registry's 60 s leeway)
            String expired = registry.tokenServer().mint("alice", List.of("repository:a/b:pull"), Duration.ofMinutes(-2));
            try (Response refused = get(client, tagsUrl, "Bearer " + expired)) {
                assertThat(refused.code()).isEqualTo(401);
                assertThat(refused.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
            }

            assertThat(registry.tokenRequests()).extracting(TokenRequest::user)
                    .contains("alice", "bob", null);
        }
    }

    @Test
    void tokenEndpointSpeaksOAuth2AndSkopeoUsesItsIdentityToken() throws Exception {
        Path image = image();
        try (RegistryServer registry = RegistryServer.token(tmp.resolve("registry"), PASSWORDS, GRANTS)) {
            skopeo("copy", "--dest-tls-verify=false", "--dest-creds=alice:alice-pw",
                    "docker-archive:" + image, "docker://" + registry.host() + "/a/b:t").assertOk();
            OkHttpClient client = registry.httpClient();

            // password grant, offline: an access token and a refresh (identity) token
            JsonNode login = tokenPost(client, registry, new FormBody.Builder()
                    .add("grant_type", "password").add("username", "alice").add("password", "alice-pw")
                    .add("access_type", "offline").add("client_id", "stowage-test")
                    .add("service", RegistryServer.SERVICE).add("scope", "repository:a/b:pull repository:a/c:push"), 200);
            assertThat(login.has("token")).isFalse();
            assertThat(login.path("scope").asText()).isEqualTo("repository:a/b:pull repository:a/c:push");
            String refresh = login.path("refresh_token").asText();
            assertThat(refresh).isNotEmpty();
            try (Response tags = get(client, registry.baseUrl() + "v2/a/b/tags/list",
                    "Bearer " + login.path("access_token").asText())) {
                assertThat(tags.code()).isEqualTo(200);
            }

            // refresh-token grant
            JsonNode refreshed = tokenPost(client, registry, new FormBody.Builder()
                    .add("grant_type", "refresh_token").add("refresh_token", refresh).add("client_id", "stowage-test")
                    .add("service", RegistryServer.SERVICE).add("scope", "repository:a/b:pull"), 200);
            assertThat(refreshed.path("refresh_token").asText()).isEqualTo(refresh);
            assertThat(jwtPart(refreshed.path("access_token").asText(), 1).path("sub").asText()).isEqualTo("alice");

            // failures
            tokenPost(client, registry, new FormBody.Builder().add("grant_type", "password").add("username", "alice")
                    .add("password", "nope").add("client_id", "c").add("service", RegistryServer.SERVICE), 401);
            tokenPost(client, registry, new FormBody.Builder().add("grant_type", "refresh_token")
                    .add("refresh_token", "forged").add("client_id", "c").add("service", RegistryServer.SERVICE), 401);
            tokenPost(client, registry, new FormBody.Builder().add("grant_type", "client_credentials")
                    .add("client_id", "c").add("service", RegistryServer.SERVICE), 400);
            tokenPost(client, registry, new FormBody.Builder().add("grant_type", "password").add("username", "alice")
                    .add("password", "alice-pw").add("service", RegistryServer.SERVICE), 400);

            // GET with offline_token=true also hands out a refresh token
            HttpUrl offline = tokenUrl(registry, "repository:a/b:pull").newBuilder()
                    .addQueryParameter("offline_token", "true").addQueryParameter("client_id", "stowage-test").build();
            try (Response response = get(client, offline.toString(), Credentials.basic("bob", "bob-pw"))) {
                assertThat(response.code()).isEqualTo(200);
                assertThat(Json.readTree(response.body().string()).path("refresh_token").asText()).isNotEmpty();
            }

            // skopeo with an identity token in its auth file runs the refresh-token grant; like docker login, the
            // entry also holds "auth": base64("USER:") (containers/image skips entries without "auth")
            registry.tokenServer().clearRequests();
            Path authFile = tmp.resolve("auth.json");
            String auth = Base64.getEncoder().encodeToString("alice:".getBytes(StandardCharsets.UTF_8));
            Files.writeString(authFile, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth
                    + "\",\"identitytoken\":\"" + refresh + "\"}}}");
            Tools.Result tags = skopeo("list-tags", "--tls-verify=false", "--authfile=" + authFile,
                    "docker://" + registry.host() + "/a/b").assertOk();
            assertThat(texts(Json.readTree(tags.stdout()).path("Tags"))).containsExactly("t");
            assertThat(registry.tokenRequests()).anySatisfy(r -> {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.grantType()).isEqualTo("refresh_token");
                assertThat(r.user()).isEqualTo("alice");
                assertThat(r.granted()).contains("repository:a/b:pull");
            });
        }
    }

    // ---------------------------------------------------------------- helpers

    private Path image() {
        Tools.require("skopeo");
        return Tools.fixtures().resolve("ggcr").resolve("test_image_1.tar").toAbsolutePath();
    }

    /** skopeo with the insecure policy and an empty auth file, so the machine's configuration plays no part. */
    private Tools.Result skopeo(String command, String... args) throws Exception {
        Path emptyAuth = tmp.resolve("empty-auth.json");
        if (!Files.exists(emptyAuth)) Files.writeString(emptyAuth, "{}");
        List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy", command));
        boolean hasAuthfile = false;
        for (String arg : args) hasAuthfile |= arg.startsWith("--authfile");
        if (!hasAuthfile) cmd.add("--authfile=" + emptyAuth);
        if (command.equals("copy")) cmd.add("--quiet");
        cmd.addAll(List.of(args));
        return Tools.run(tmp, cmd);
    }

    private static Response get(OkHttpClient client, String url, String authorization) throws IOException {
        Request.Builder request = new Request.Builder().url(url);
        if (authorization != null) request.header("Authorization", authorization);
        return client.newCall(request.build()).execute();
    }

    private static HttpUrl tokenUrl(RegistryServer registry, String... scopes) {
        HttpUrl.Builder url = HttpUrl.get(registry.tokenRealm().toString()).newBuilder()
                .addQueryParameter("service", RegistryServer.SERVICE);
        for (String scope : scopes) url.addQueryParameter("scope", scope);
        return url.build();
    }

    private static JsonNode tokenGet(RegistryServer registry, String authorization, String... scopes) throws IOException {
        try (Response response = get(registry.httpClient(), tokenUrl(registry, scopes).toString(), authorization)) {
            String body = response.body().string();
            assertThat(response.code()).as(body).isEqualTo(200);
            return Json.readTree(body);
        }
    }

    private static JsonNode tokenPost(OkHttpClient client, RegistryServer registry, FormBody.Builder form,
                                      int expectedStatus) throws IOException {
        Request request = new Request.Builder().url(registry.tokenRealm().toString()).post(form.build()).build();
        try (Response response = client.newCall(request).execute()) {
            String body = response.body().string();
            assertThat(response.code()).as(body).isEqualTo(expectedStatus);
            return Json.readTree(body);
        }
    }

    private static JsonNode jwtPart(String jwt, int index) throws IOException {
        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        return Json.readTree(new String(Base64.getUrlDecoder().decode(parts[index]), StandardCharsets.UTF_8));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
