package dev.stowage;

import dev.stowage.store.Store;
import dev.stowage.testing.DesktopProcess;
import dev.stowage.testing.ImageArchives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code stowage --store DIR FILE...} as a file manager's "Open with" runs it, in real processes with JavaFX
 * headless: the app opens on that store and imports the files; a second start hands its files to it and exits.
 */
class DesktopLaunchTest {
    @TempDir
    Path dir;

    @Test
    void storeAndArchivesWithoutACommandOpenTheAppAndASecondStartHandsOverItsArchives() throws Exception {
        Path store = dir.resolve("chosen-store");
        Map<String, String> env = DesktopProcess.env(dir);
        Path first = ImageArchives.ociArchive(dir.resolve("first.tar"), "example.com/first:1", List.of("sh"),
                ImageArchives.layer(Map.of("a.txt", "a")));
        // as a file manager passes it: an xz-compressed archive (application/x-xz-compressed-tar)
        Path second = xz(ImageArchives.ociArchive(dir.resolve("second.tar"), "example.com/second:1", List.of("sh"),
                ImageArchives.layer(Map.of("b.txt", "b"))));
        Path appLog = dir.resolve("app.log");

        Process app = DesktopProcess.start(env, appLog, "--store", store.toString(), first.toString());
        try {
            waitFor(() -> names(store).contains("example.com/first:1"), app, appLog);
            assertThat(Files.readString(appLog)).contains("Window shown").doesNotContain("Usage");

            Path secondLog = dir.resolve("second.log");
            Process handing = DesktopProcess.start(env, secondLog, "--store", store.toString(), second.toString());
            assertThat(handing.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(handing.exitValue()).as(Files.readString(secondLog)).isZero();
            waitFor(() -> names(store).contains("example.com/second:1"), app, appLog);
            assertThat(app.isAlive()).as("the first app still runs").isTrue();
            assertThat(Files.readString(secondLog)).doesNotContain("Window shown");
        } finally {
            app.destroy();
            if (!app.waitFor(20, TimeUnit.SECONDS)) app.destroyForcibly();
        }
    }

    private static Path xz(Path tar) throws IOException {
        Path compressed = tar.resolveSibling(tar.getFileName() + ".xz");
        try (var out = new org.tukaani.xz.XZOutputStream(Files.newOutputStream(compressed), new org.tukaani.xz.LZMA2Options())) {
            Files.copy(tar, out);
        }
        return compressed;
    }

    private static Set<String> names(Path store) throws IOException {
        if (!Files.isDirectory(store)) return Set.of();
        return Store.open(store).images().stream().flatMap(i -> i.names().stream()).map(Object::toString).collect(Collectors.toSet());
    }

    private interface Check {
        boolean met() throws IOException;
    }

    private static void waitFor(Check check, Process app, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!check.met()) {
            if (!app.isAlive()) fail("the app exited (" + app.exitValue() + "): " + Files.readString(log));
            if (System.nanoTime() > deadline) fail("not imported within 60 s: " + Files.readString(log));
            Thread.sleep(200);
        }
    }
}
