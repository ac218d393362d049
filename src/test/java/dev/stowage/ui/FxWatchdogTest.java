package dev.stowage.ui;

import dev.stowage.testing.ImageArchives;
import javafx.application.Platform;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FX thread is never blocked for more than 100 ms while a 500 MiB archive is imported: a sampler posts a
 * tiny runnable to the FX thread every 10 ms and records how long each waited before it ran.
 */
@ExtendWith(ApplicationExtension.class)
class FxWatchdogTest {
    private static final long SIZE = 500L << 20;
    private static final long LIMIT_MS = 100;

    private DesktopHarness app;
    private Path dir;

    @Start
    void start(Stage stage) throws IOException {
        dir = Files.createTempDirectory("stowage-watchdog");
        app = new DesktopHarness(stage, dir, Locale.ENGLISH, "light");
    }

    @AfterEach
    void close() throws IOException {
        app.close();
    }

    @Test
    void importingA500MiBArchiveNeverBlocksTheFxThread(FxRobot robot) throws Exception {
        Path layer = ImageArchives.bigLayer(dir, "big.bin", SIZE);
        Path archive = ImageArchives.dockerArchive(dir.resolve("big.tar"), List.of(
                new ImageArchives.Image("big/image:1", null, List.of(layer))));
        Files.delete(layer);
        assertThat(Files.size(archive)).isGreaterThan(SIZE);
        app.waitForRows(0);
        // warm up: a small import first, so that what is measured is the import, not the JVM loading and
        // compiling the table, status bar and details code the first time they are drawn
        Path small = ImageArchives.dockerArchive(dir.resolve("small.tar"), List.of(
                new ImageArchives.Image("small/image:1", null, List.of(ImageArchives.layer(dir, "a.txt", "warm-up")))));
        robot.interact(() -> app.vm.importFiles(List.of(small)));
        app.waitForRows(1);
        app.select(robot, "small/image");
        waitUntil(30, () -> app.vm.currentTaskProperty().get() == null);
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();

        AtomicLong worstNanos = new AtomicLong();
        AtomicLong samples = new AtomicLong();
        AtomicLong maxProgressSeen = new AtomicLong();
        AtomicLong pendingSince = new AtomicLong();
        Thread fxThread = fx(Thread::currentThread);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long posted = System.nanoTime();
                pendingSince.set(posted);
                Platform.runLater(() -> {
                    pendingSince.set(0);
                    long waited = System.nanoTime() - posted;
                    worstNanos.accumulateAndGet(waited, Math::max);
                    samples.incrementAndGet();
                    var task = app.vm.currentTaskProperty().get();
                    if (task != null) maxProgressSeen.accumulateAndGet((long) (task.getProgress() * 1000), Math::max);
                });
                try {
                    Thread.sleep(10);
                    // what the FX thread is doing when a sample waits long: printed to explain a failure
                    for (long since = pendingSince.get(); since != 0 && System.nanoTime() - since < 200_000_000L;
                         since = pendingSince.get()) {
                        if (System.nanoTime() - since > 40_000_000L) {
                            StackTraceElement[] stack = fxThread.getStackTrace();
                            System.out.println("watchdog: FX thread busy for " + (System.nanoTime() - since) / 1_000_000 + " ms at:");
                            for (int i = 0; i < Math.min(25, stack.length); i++) System.out.println("    " + stack[i]);
                            break;
                        }
                        Thread.sleep(5);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fx-watchdog");
        sampler.setDaemon(true);
        long started = System.nanoTime();
        sampler.start();
        try {
            robot.interact(() -> app.vm.importFiles(List.of(archive)));
            app.waitForRows(2);
            waitUntil(30, () -> app.vm.currentTaskProperty().get() == null);
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        long seconds = Math.max(1, (System.nanoTime() - started) / 1_000_000_000L);
        System.out.printf("watchdog: %d samples in ~%d s, worst FX wait %.1f ms%n", samples.get(), seconds,
                worstNanos.get() / 1e6);
        assertThat(fx(() -> app.vm.errorMessageProperty().get())).isNull();
        assertThat(app.store.images()).hasSize(2);
        assertThat(samples.get()).as("samples").isGreaterThan(seconds * 20);
        assertThat(maxProgressSeen.get()).as("progress shown, in ‰").isGreaterThan(500);
        assertThat(worstNanos.get() / 1_000_000).as("worst FX thread wait in ms").isLessThan(LIMIT_MS);
    }
}
