package dev.stowage.ui;

import dev.stowage.testing.DesktopProcess;
import dev.stowage.testing.ImageArchives;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** One app per store: a second start hands its archives to the running window, which imports them. */
@ExtendWith(ApplicationExtension.class)
class SingleInstanceTest {
    private DesktopHarness app;
    private Stage stage;
    private SingleInstance instance;

    @Start
    void start(Stage stage) throws IOException {
        this.stage = stage;
        app = DesktopHarness.window(Locale.ENGLISH).show(stage, Files.createTempDirectory("stowage-single-instance"));
    }

    @AfterEach
    void close() throws IOException {
        if (instance != null) instance.close();
        app.close();
    }

    private Path socket() {
        return SingleInstance.address(DesktopProcess.env(app.dir), app.store.root()).orElseThrow();
    }

    @Test
    void aSecondStartHandsItsArchivesToTheRunningWindowAndExits() throws Exception {
        instance = SingleInstance.claimOrHandOff(socket(), List.of()).orElseThrow();
        instance.onFiles(OpenedArchives.into(stage, app.vm));
        Path archive = ImageArchives.ociArchive(app.dir.resolve("handed.tar"), "example.com/handed:1", List.of("sh"),
                ImageArchives.layer(Map.of("a.txt", "a")));
        Path log = app.dir.resolve("second.log");

        Process second = DesktopProcess.start(DesktopProcess.env(app.dir), log, "--store", app.store.root().toString(), archive.toString());

        assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the second start exits").isTrue();
        assertThat(second.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("handed it 1 file").doesNotContain("Window shown");
        waitUntil(20, () -> app.table().getItems().stream().anyMatch(r -> r.repository().equals("example.com/handed")));
        assertThat(app.store.images()).hasSize(1);
    }

    @Test
    void archivesSentBeforeTheWindowListensWaitForIt() throws Exception {
        instance = SingleInstance.claimOrHandOff(socket(), List.of()).orElseThrow();
        Path early = app.dir.resolve("early.tar");

        assertThat(SingleInstance.claimOrHandOff(socket(), List.of(early))).isEmpty();

        List<List<Path>> received = new CopyOnWriteArrayList<>();
        instance.onFiles(received::add);
        assertThat(received).containsExactly(List.of(early));
        assertThat(SingleInstance.claimOrHandOff(socket(), List.of())).isEmpty();
        assertThat(received).containsExactly(List.of(early), List.of());
    }

    @Test
    void aSocketLeftByADeadAppIsReplaced() throws Exception {
        Path socket = socket();
        Files.createDirectories(socket.getParent());
        Files.writeString(socket, "left by a crash");

        Optional<SingleInstance> claimed = SingleInstance.claimOrHandOff(socket, List.of());

        assertThat(claimed).isPresent();
        instance = claimed.get();
        List<List<Path>> received = new CopyOnWriteArrayList<>();
        instance.onFiles(received::add);
        assertThat(SingleInstance.claimOrHandOff(socket, List.of(Path.of("/x.tar")))).isEmpty();
        assertThat(received).containsExactly(List.of(Path.of("/x.tar")));
    }

    @Test
    void eachStoreHasItsOwnApp() {
        Map<String, String> env = DesktopProcess.env(app.dir);
        assertThat(SingleInstance.address(env, Path.of("/a/store"))).isNotEqualTo(SingleInstance.address(env, Path.of("/b/store")));
        assertThat(SingleInstance.address(env, Path.of("/a/store"))).isEqualTo(SingleInstance.address(env, Path.of("/a/./store")));
        assertThat(SingleInstance.address(env, Path.of("/a/store")).orElseThrow()).startsWithRaw(app.dir.resolve("run/stowage"));
    }
}
