package dev.stowage.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.archive.ArchiveLoader;
import dev.stowage.container.Container;
import dev.stowage.container.Containers;
import dev.stowage.image.Compression;
import dev.stowage.image.Reference;
import dev.stowage.store.ImageResolver;
import dev.stowage.store.LocalImage;
import dev.stowage.store.Store;
import dev.stowage.testing.ImageArchives;
import dev.stowage.util.Human;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import static dev.stowage.ui.DesktopHarness.click;
import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.node;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** Tag, remove, export and commit through their dialogs, on the real app and a temporary store. */
@ExtendWith(ApplicationExtension.class)
class ImageDialogsTest {
    private DesktopHarness app;
    private Path dir;

    @Start
    void start(Stage stage) throws IOException {
        dir = Files.createTempDirectory("stowage-dialogs");
        Path base = ImageArchives.layer(dir, "etc/base.txt", "shared base layer ".repeat(4000));
        Path a = ImageArchives.layer(dir, "a.txt", "only in a ".repeat(3000));
        Path b = ImageArchives.layer(dir, "b.txt", "only in b ".repeat(5000));
        Path archive = ImageArchives.dockerArchive(dir.resolve("two.tar"), List.of(
                new ImageArchives.Image("app/a:1", "Alice", List.of(base, a)),
                new ImageArchives.Image("app/b:1", "Bob", List.of(base, b))));
        app = new DesktopHarness(stage, dir, Locale.ENGLISH, "light", archive);
    }

    @AfterEach
    void close() throws IOException {
        app.close();
    }

    private Store store() {
        return app.store;
    }

    @Test
    void contextMenuOffersEveryImageAction(FxRobot robot) {
        app.waitForRows(2);
        app.select(robot, "app/a");
        List<String> ids = fx(() -> {
            ContextMenu menu = app.table().getContextMenu();
            List<String> out = new ArrayList<>();
            for (MenuItem i : menu.getItems()) if (i.getId() != null && !i.isDisable()) out.add(i.getId());
            return out;
        });
        assertThat(ids).containsExactly("menu-run", "menu-tag", "menu-push", "menu-export", "menu-create", "menu-copyTo", "menu-copyId",
                "menu-copyDigest", "menu-remove");
    }

    @Test
    void tagValidatesAsYouTypeAndTags(FxRobot robot) throws Exception {
        app.waitForRows(2);
        app.select(robot, "app/a");
        robot.press(KeyCode.CONTROL, KeyCode.T).release(KeyCode.T, KeyCode.CONTROL);
        waitUntil(10, () -> robot.lookup("#tagDialog").tryQuery().isPresent());
        TextField target = node(robot, "#tagTarget");
        assertThat(fx(() -> target.getText())).isEqualTo("app/a:1");

        robot.interact(() -> target.setText("Bad/Name"));
        assertThat(fx(() -> ((Label) robot.lookup("#tagNormalized").query()).getText())).contains("must be lowercase");
        assertThat(fx(() -> robot.lookup("#tagOk").queryButton().isDisable())).isTrue();

        robot.interact(target::clear);
        robot.clickOn(target).write("registry.example.com:5000/team/app");
        assertThat(fx(() -> ((Label) robot.lookup("#tagNormalized").query()).getText()))
                .isEqualTo("Will be stored as registry.example.com:5000/team/app:latest");
        click(robot, "#tagOk");
        waitUntil(15, () -> robot.lookup("#tagDialog").tryQuery().isEmpty());
        LocalImage tagged = ImageResolver.of(store()).resolve("registry.example.com:5000/team/app:latest");
        assertThat(tagged.id()).isEqualTo(ImageResolver.of(store()).resolve("app/a:1").id());
        app.waitForRows(3);
    }

    @Test
    void removeShowsTheSpaceActuallyFreedThenRemoves(FxRobot robot) throws Exception {
        app.waitForRows(2);
        LocalImage a = ImageResolver.of(store()).resolve("app/a:1");
        long unique = store().blobSize(a.manifest().digest()) + store().blobSize(a.manifest().config().digest())
                + store().blobSize(a.manifest().layers().get(1).digest());
        app.select(robot, "app/a");
        robot.press(KeyCode.DELETE).release(KeyCode.DELETE);
        waitUntil(10, () -> robot.lookup("#removeDialog").tryQuery().isPresent());
        waitUntil(15, () -> ((Label) robot.lookup("#removeFreed").query()).getText().startsWith("Space freed"));
        String freed = fx(() -> ((Label) robot.lookup("#removeFreed").query()).getText());
        assertThat(freed).isEqualTo("Space freed: " + Human.size(unique));
        assertThat(unique).isLessThan(a.size());
        assertThat(fx(() -> robot.lookup("#removeUntagged").<javafx.scene.control.ListView<String>>query().getItems()))
                .containsExactly("app/a:1");
        assertThat(fx(() -> ((Label) robot.lookup("#removeDeleted").query()).getText())).contains(a.id().shortHex());

        click(robot, "#removeOk");
        app.waitForRows(1);
        assertThat(store().images()).extracting(i -> i.names().get(0).familiarString()).containsExactly("app/b:1");
        assertThat(store().hasBlob(a.manifest().layers().get(1).digest())).isFalse();
        assertThat(store().hasBlob(a.manifest().layers().get(0).digest())).isTrue();
    }

    @Test
    void exportWritesOneCompressedOciArchiveOfSeveralImages(FxRobot robot) throws Exception {
        app.waitForRows(2);
        robot.interact(() -> app.table().getSelectionModel().selectAll());
        robot.interact(app.actions::export);
        waitUntil(10, () -> robot.lookup("#exportDialog").tryQuery().isPresent());
        Path out = dir.resolve("exported.tar");
        robot.interact(() -> {
            robot.lookup("#exportFile").<TextField>query().setText(out.toString());
            robot.lookup("#exportFormat").<ChoiceBox<dev.stowage.archive.ArchiveFormat>>query().setValue(dev.stowage.archive.ArchiveFormat.OCI);
            robot.lookup("#exportCompression").<ChoiceBox<Compression>>query().setValue(Compression.GZIP);
        });
        Path expected = dir.resolve("exported.tar.gz");
        assertThat(fx(() -> robot.lookup("#exportFile").<TextField>query().getText())).isEqualTo(expected.toString());
        click(robot, "#exportOk");
        waitUntil(30, () -> robot.lookup("#exportDialog").tryQuery().isEmpty());
        assertThat(expected).isRegularFile();
        assertThat(dir.resolve(".exported.tar.gz." + ProcessHandle.current().pid() + ".partial")).doesNotExist();

        Store other = Store.open(dir.resolve("other"));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(expected))) {
            new ArchiveLoader(other).load(in);
        }
        assertThat(other.images()).flatExtracting(LocalImage::names)
                .containsExactlyInAnyOrder(Reference.parse("app/a:1"), Reference.parse("app/b:1"));
        // the choices are remembered
        app.settings.flush();
        assertThat(app.settings.get("export.format", "")).isEqualTo("OCI");
        assertThat(app.settings.get("export.compression", "")).isEqualTo("GZIP");
    }

    @Test
    void commitMakesAnImageWithTheAuthorAndCmdGiven(FxRobot robot) throws Exception {
        app.waitForRows(2);
        Container container = new Containers(store()).create("app/a:1", "web");
        Files.writeString(container.rootfs().resolve("hello.txt"), "made in the container\n");
        robot.interact(() -> app.actions.commit(container.id()));
        waitUntil(10, () -> robot.lookup("#commitDialog").tryQuery().isPresent());
        waitUntil(10, () -> robot.lookup("#commitContainer").<ComboBox<Container>>query().getValue() != null);
        assertThat(fx(() -> robot.lookup("#commitContainer").<ComboBox<Container>>query().getValue().id())).isEqualTo(container.id());

        robot.clickOn("#commitName").write("team/web:2");
        robot.interact(() -> robot.lookup("#commitAuthor").<TextField>query().setText("Jane Doe <jane@example.com>"));
        robot.clickOn("#commitMessage").write("add hello");
        robot.clickOn("#commitCmd").write("/bin/httpd -f -p \"8080\"");
        robot.interact(() -> {
            robot.lookup("#commitExecForm").<RadioButton>query().setSelected(true);
        });
        click(robot, "#commitAddChange");
        robot.interact(() -> {
            var rows = robot.lookup(".change-value").<TextField>queryAll();
            rows.iterator().next().setText("GREETING=\"hello world\"");
        });
        // a bad change is caught as it is typed
        click(robot, "#commitAddChange");
        robot.interact(() -> {
            List<TextField> values = new ArrayList<>(robot.lookup(".change-value").<TextField>queryAll());
            List<ChoiceBox<String>> kinds = new ArrayList<>(robot.lookup(".change-kind").<ChoiceBox<String>>queryAll());
            kinds.get(1).setValue("EXPOSE");
            values.get(1).setText("notaport");
        });
        assertThat(fx(() -> robot.lookup("#commitOk").queryButton().isDisable())).isTrue();
        assertThat(fx(() -> ((Label) robot.lookup("#commitCheck").query()).getText())).contains("notaport");
        robot.interact(() -> new ArrayList<>(robot.lookup(".change-value").<TextField>queryAll()).get(1).setText("8080/tcp"));
        assertThat(fx(() -> ((Label) robot.lookup("#commitPreview").query()).getText()))
                .isEqualTo("stowage commit -a 'Jane Doe <jane@example.com>' -m 'add hello' -c 'CMD [\"/bin/httpd\",\"-f\",\"-p\",\"8080\"]'"
                        + " -c 'ENV GREETING=\"hello world\"' -c 'EXPOSE 8080/tcp' web team/web:2");
        click(robot, "#commitOk");
        waitUntil(30, () -> robot.lookup("#commitDialog").tryQuery().isEmpty());

        LocalImage made = ImageResolver.of(store()).resolve("team/web:2");
        assertThat(made.config().author()).isEqualTo("Jane Doe <jane@example.com>");
        assertThat(made.config().comment()).isEqualTo("add hello");
        JsonNode runtime = made.config().runtimeConfig();
        List<String> cmd = new ArrayList<>();
        runtime.get("Cmd").forEach(n -> cmd.add(n.asText()));
        assertThat(cmd).containsExactly("/bin/httpd", "-f", "-p", "8080");
        List<String> env = new ArrayList<>();
        runtime.get("Env").forEach(n -> env.add(n.asText()));
        assertThat(env).contains("GREETING=hello world");
        assertThat(runtime.get("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(made.manifest().layers()).hasSize(3);
        app.waitForRows(3);
        assertThat(fx(() -> app.vm.infoMessageProperty().get())).startsWith("Committed image");
    }

    @Test
    void commitTakesDockersJsonExecFormAndRefusesWhatIsNeither(FxRobot robot) throws Exception {
        app.waitForRows(2);
        Container container = new Containers(store()).create("app/a:1", "json-web");
        robot.interact(() -> app.actions.commit(container.id()));
        waitUntil(10, () -> robot.lookup("#commitContainer").<ComboBox<Container>>query().getValue() != null);
        robot.interact(() -> robot.lookup("#commitName").<TextField>query().setText("team/json:1"));
        robot.clickOn("#commitCmd").write("[/bin/httpd,-f]");
        assertThat(fx(() -> robot.lookup("#commitOk").queryButton().isDisable())).isTrue();
        assertThat(fx(() -> ((Label) robot.lookup("#commitCheck").query()).getText())).startsWith("not a JSON array");
        robot.interact(() -> robot.lookup("#commitCmd").<TextField>query().clear());
        robot.clickOn("#commitCmd").write("[\"/bin/httpd\",\"-f\",\"-h\",\"/data/www\"]");
        assertThat(fx(() -> ((Label) robot.lookup("#commitPreview").query()).getText()))
                .contains("-c 'CMD [\"/bin/httpd\",\"-f\",\"-h\",\"/data/www\"]'");
        click(robot, "#commitOk");
        waitUntil(30, () -> robot.lookup("#commitDialog").tryQuery().isEmpty());
        List<String> cmd = new ArrayList<>();
        ImageResolver.of(store()).resolve("team/json:1").config().runtimeConfig().get("Cmd").forEach(n -> cmd.add(n.asText()));
        assertThat(cmd).containsExactly("/bin/httpd", "-f", "-h", "/data/www");
    }
}
