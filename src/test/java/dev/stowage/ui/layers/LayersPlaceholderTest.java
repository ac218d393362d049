package dev.stowage.ui.layers;

import dev.stowage.store.Store;
import dev.stowage.ui.Messages;
import javafx.concurrent.Task;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** While the layers are being read the empty lists say so, not "No layers" or "No file is written by more than one layer". */
@ExtendWith(ApplicationExtension.class)
class LayersPlaceholderTest {
    private Path dir;
    private LayersService service;

    @Start
    void start(Stage stage) throws IOException {
        dir = Files.createTempDirectory("stowage-layers-placeholder");
        service = new LayersService(Store.open(dir.resolve("store")), new Messages(Locale.ENGLISH));
    }

    @AfterEach
    void close() throws IOException {
        service.close();
        dev.stowage.ui.DesktopHarness.deleteTree(dir);
    }

    @Test
    void theListsSayReadingUntilTheLayersAreIn(FxRobot robot) {
        Messages m = new Messages(Locale.ENGLISH);
        LayersViewModel vm = fx(() -> new LayersViewModel(service, m));
        Label stack = fx(() -> LayerStackView.placeholder(vm, m, "layers.none"));
        Label files = fx(() -> LayerStackView.placeholder(vm, m, "efficiency.noWaste"));
        assertThat(fx(stack::getText)).isEmpty();
        CountDownLatch release = new CountDownLatch(1);
        robot.interact(() -> vm.load(new LayersRequest("sha256:aa", () -> new Task<>() {
            @Override
            protected LayerAnalysis call() throws Exception {
                release.await();
                throw new IOException("unreadable layer");
            }
        })));
        assertThat(fx(stack::getText)).isEqualTo("Reading the layers\u2026");
        assertThat(fx(files::getText)).isEqualTo("Reading the layers\u2026");
        release.countDown();
        // failed: the error shows above the lists, which claim nothing
        waitUntil(10, () -> vm.errorProperty().get() != null);
        assertThat(fx(stack::getText)).isEmpty();
        assertThat(fx(files::getText)).isEmpty();
    }
}
