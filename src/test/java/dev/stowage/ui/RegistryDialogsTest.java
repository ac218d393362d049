package dev.stowage.ui;

import dev.stowage.image.Json;
import dev.stowage.progress.LayerState;
import dev.stowage.store.ImageResolver;
import dev.stowage.testing.RegistryServer;
import dev.stowage.testing.ImageArchives;
import dev.stowage.ui.dialogs.LayerProgressModel;
import dev.stowage.ui.dialogs.PullDialog;
import dev.stowage.ui.dialogs.PushDialog;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import javafx.stage.Window;
import okhttp3.Credentials;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.stowage.ui.DesktopHarness.click;
import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login (Test, CA file, where the secret goes), push with per-layer progress to 100 % and the digest, and pull,
 * through the dialogs against Debian's docker-registry over verified TLS with Basic auth.
 */
@ExtendWith(ApplicationExtension.class)
class RegistryDialogsTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-Pa55word";

    private DesktopHarness app;
    private Path dir;

    @Start
    void start(Stage stage) throws IOException {
        dir = Files.createTempDirectory("stowage-registry-dialogs");
        Path base = ImageArchives.layer(dir, "etc/base.txt", "base ".repeat(20000));
        Path a = ImageArchives.layer(dir, "a.txt", "only in a ".repeat(9000));
        Path archive = ImageArchives.dockerArchive(dir.resolve("a.tar"), List.of(
                new ImageArchives.Image("app/a:1", "Alice", List.of(base, a))));
        app = new DesktopHarness(stage, dir, Locale.ENGLISH, "light", archive);
        // verify TLS even for localhost: the CA given in the login dialog is what makes the connection work
        Path settings = dir.resolve("home/.config/stowage/settings.json");
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, "{\"loopbackInsecure\": false}");
    }

    @AfterEach
    void close() throws IOException {
        app.close();
    }

    private static String text(FxRobot robot, String id) {
        return fx(() -> ((Labeled) robot.lookup(id).query()).getText());
    }

    /** Every text any window shows, password fields excepted. */
    private static List<String> visibleTexts() {
        return fx(() -> {
            List<String> out = new ArrayList<>();
            for (Window w : Window.getWindows()) if (w.getScene() != null) collect(w.getScene().getRoot(), out);
            return out;
        });
    }

    private static void collect(Node node, List<String> out) {
        if (node instanceof Labeled l && l.getText() != null) out.add(l.getText());
        if (node instanceof TextInputControl t && !(node instanceof PasswordField) && t.getText() != null) out.add(t.getText());
        if (node instanceof Parent p) p.getChildrenUnmodifiable().forEach(c -> collect(c, out));
    }

    @Test
    void loginThenPushWithProgressToTheEndThenPull(FxRobot robot) throws Exception {
        try (RegistryServer registry = RegistryServer.tlsBasic(dir.resolve("registry"), USER, PASSWORD)) {
            String host = registry.localhostName();
            app.waitForRows(1);

            // --- login: wrong CA setup fails, the Test button checks without storing, then Log in stores
            robot.interact(() -> app.actions.login(host));
            waitUntil(10, () -> robot.lookup("#loginDialog").tryQuery().isPresent());
            waitUntil(10, () -> text(robot, "#loginStorage").startsWith("WARNING!"));
            Path config = dir.resolve("home/.docker/config.json");
            assertThat(text(robot, "#loginStorage")).contains(config.toString()).contains("unencrypted");
            robot.clickOn("#loginUsername").write(USER);
            robot.clickOn("#loginPassword").write("wrong-password");
            click(robot, "#loginTestButton");
            waitUntil(30, () -> text(robot, "#loginStatus").startsWith("Refused"));
            assertThat(text(robot, "#loginStatus")).contains("TLS");

            robot.interact(() -> robot.lookup("#loginCaFile").<TextField>query().setText(registry.caCert().toString()));
            click(robot, "#loginTestButton");
            waitUntil(30, () -> text(robot, "#loginStatus").startsWith("Refused") && !text(robot, "#loginStatus").contains("TLS"));
            assertThat(dir.resolve("home/.config/stowage/certs.d/" + host + "/ca.crt")).isRegularFile();
            assertThat(config).doesNotExist();

            robot.interact(() -> robot.lookup("#loginPassword").<PasswordField>query().setText(PASSWORD));
            click(robot, "#loginTestButton");
            waitUntil(30, () -> text(robot, "#loginStatus").startsWith("The credentials work"));
            assertThat(config).doesNotExist();
            assertThat(visibleTexts()).noneMatch(t -> t.contains(PASSWORD));

            click(robot, "#loginOk");
            waitUntil(30, () -> robot.lookup("#loginDialog").tryQuery().isEmpty());
            assertThat(Json.parseObject(Files.readAllBytes(config), "config").path("auths").has(host)).isTrue();
            assertThat(fx(() -> app.vm.infoMessageProperty().get())).startsWith("Login Succeeded").contains("unencrypted").doesNotContain(PASSWORD);
            // the new login is in the sidebar at once
            waitUntil(10, () -> app.view.sourcesViewModel().sources().contains(dev.stowage.ui.sources.Source.registry(host)));
            assertThat(visibleTexts()).noneMatch(t -> t.contains(PASSWORD));

            // --- push: the target is pre-filled with the logged-in registry
            app.select(robot, "app/a");
            PushDialog push = fx(() -> app.actions.push());
            String target = host + "/app/a:1";
            waitUntil(15, () -> target.equals(robot.lookup("#pushTarget").<ComboBox<String>>query().getEditor().getText()));
            click(robot, "#pushOk");
            waitUntil(60, () -> robot.lookup("#pushDigest").query().isVisible());
            String done = fx(() -> robot.lookup("#pushDigest").<TextField>query().getText());
            assertThat(done).matches("1: digest: sha256:[0-9a-f]{64} size: \\d+");
            waitUntil(10, () -> robot.lookup("#pushProgress").<ProgressBar>query().getProgress() == 1.0);
            List<LayerState> states = fx(() -> push.progress().rows().stream().map(r -> r.stateProperty().get()).toList());
            assertThat(states).hasSize(2).containsOnly(LayerState.PUSHED);
            LayerProgressModel model = push.progress();
            assertThat(fx(() -> model.bytesDoneProperty().get())).isEqualTo(fx(() -> model.bytesTotalProperty().get())).isPositive();
            assertThat(text(robot, "#pushBytes")).contains(" / ");

            String digest = done.substring(done.indexOf("sha256:"), done.indexOf(" size:"));
            Request request = new Request.Builder().url(registry.baseUrl().resolve("/v2/app/a/manifests/1").toString())
                    .header("Authorization", Credentials.basic(USER, PASSWORD))
                    .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json")
                    .build();
            try (Response response = registry.httpClient().newCall(request).execute()) {
                assertThat(response.code()).isEqualTo(200);
                assertThat(response.header("Docker-Content-Digest")).isEqualTo(digest);
            }
            click(robot, "#pushClose");
            waitUntil(10, () -> robot.lookup("#pushDialog").tryQuery().isEmpty());

            // --- pull it back under the registry's name
            PullDialog pull = fx(() -> app.actions.pull(target));
            click(robot, "#pullOk");
            waitUntil(60, () -> robot.lookup("#pullResult").query().isVisible());
            assertThat(fx(() -> robot.lookup("#pullResult").<TextField>query().getText())).contains(digest);
            assertThat(fx(() -> pull.progress().overallProperty().get())).isEqualTo(1.0);
            assertThat(ImageResolver.of(app.store).resolve(target).id())
                    .isEqualTo(ImageResolver.of(app.store).resolve("app/a:1").id());
            app.waitForRows(2);
            assertThat(visibleTexts()).noneMatch(t -> t.contains(PASSWORD));
        }
    }

    @Test
    void cancellingAPushStopsItBeforeTheManifest(FxRobot robot) throws Exception {
        // plain HTTP on 127.0.0.1: insecure by default again
        Files.writeString(dir.resolve("home/.config/stowage/settings.json"), "{}");
        Path big = ImageArchives.bigLayer(dir, "big.bin", 64L << 20);
        Path archive = ImageArchives.dockerArchive(dir.resolve("big.tar"), List.of(new ImageArchives.Image("app/big:1", null, List.of(big))));
        try (var in = Files.newInputStream(archive)) {
            new dev.stowage.archive.ArchiveLoader(app.store).load(in);
        }
        robot.interact(app.vm::refresh);
        app.waitForRows(2);
        try (RegistryServer registry = RegistryServer.plain(dir.resolve("plain-registry"))) {
            app.select(robot, "app/big");
            PushDialog push = fx(() -> app.actions.push());
            String target = registry.host() + "/app/big:1";
            robot.interact(() -> robot.lookup("#pushTarget").<ComboBox<String>>query().getEditor().setText(target));
            click(robot, "#pushOk");
            waitUntil(30, () -> push.progress().rows().stream().anyMatch(r -> r.stateProperty().get() == LayerState.COMPRESSING
                    || r.stateProperty().get() == LayerState.PUSHING));
            assertThat(text(robot, "#pushClose")).isEqualTo("Cancel");
            click(robot, "#pushClose");
            waitUntil(30, () -> "Cancelled".equals(app.vm.infoMessageProperty().get()));
            assertThat(text(robot, "#pushClose")).isEqualTo("Close");
            assertThat(fx(() -> robot.lookup("#pushDigest").query().isVisible())).isFalse();
            assertThat(robot.lookup("#errorDialog").tryQuery()).isEmpty();
            Thread.sleep(3000); // the worker stops at its next request; nothing more may arrive
            Request request = new Request.Builder().url(registry.baseUrl().resolve("/v2/app/big/manifests/1").toString())
                    .header("Accept", "application/vnd.docker.distribution.manifest.v2+json").build();
            try (Response response = registry.httpClient().newCall(request).execute()) {
                assertThat(response.code()).isEqualTo(404);
            }
            click(robot, "#pushClose");
        }
    }

    @Test
    void aFailedPushShowsTheFailedLayerAndItsCauseAndDetailsInWords(FxRobot robot) throws Exception {
        Files.writeString(dir.resolve("home/.config/stowage/settings.json"), "{}");
        var fake = new dev.stowage.testing.FakeRegistry();
        // every blob upload is refused with a server error, also when retried
        fake.replace(dev.stowage.testing.FakeRegistry.request("PUT", "/blobs/uploads/"), 100,
                r -> new mockwebserver3.MockResponse.Builder().code(500)
                        .body("{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"disk full\"}]}").build());
        try (var server = dev.stowage.testing.FakeRegistry.newServer()) {
            server.setDispatcher(fake);
            server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
            String host = "127.0.0.1:" + server.getPort();
            fake.at(okhttp3.HttpUrl.get("http://" + host + "/"));
            app.waitForRows(1);
            app.select(robot, "app/a");
            PushDialog push = fx(() -> app.actions.push());
            robot.interact(() -> robot.lookup("#pushTarget").<ComboBox<String>>query().getEditor().setText(host + "/app/a:1"));
            click(robot, "#pushOk");
            waitUntil(60, () -> robot.lookup("#errorDialog").tryQuery().isPresent());
            List<LayerState> states = fx(() -> push.progress().rows().stream().map(r -> r.stateProperty().get()).toList());
            assertThat(states).isNotEmpty().contains(LayerState.FAILED)
                    .doesNotContain(LayerState.COMPRESSING, LayerState.PUSHING, LayerState.PREPARING, LayerState.WAITING);
            String failedRow = fx(() -> push.progress().rows().stream()
                    .filter(r -> r.stateProperty().get() == LayerState.FAILED && r.detailProperty().get() != null
                            && r.detailProperty().get().contains("500"))
                    .map(r -> r.detailProperty().get()).findFirst().orElseThrow());
            assertThat(failedRow).doesNotContain("\n");
            var pane = robot.lookup("#errorDialog").<javafx.scene.control.DialogPane>query();
            assertThat(fx(pane::getContentText)).contains("500").doesNotContain("\n");
            robot.interact(() -> pane.setExpanded(true));
            assertThat(fx(() -> robot.lookup("#errorDetail").<javafx.scene.control.TextArea>query().getText()))
                    .contains("500").doesNotContain("\tat ", "Exception");
            assertThat(fx(() -> robot.lookup("#errorCopyDiagnostics").query().isVisible())).isTrue();
            robot.interact(() -> ((javafx.scene.control.Button) pane.lookupButton(javafx.scene.control.ButtonType.OK)).fire());
            click(robot, "#pushClose");
        }
    }
}
