package dev.stowage.store;

import dev.stowage.testing.ImageArchives;
import dev.stowage.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an interrupted command leaves: a load stopped with SIGTERM (Ctrl-C is alike) removes its own staging on the
 * way out; one killed with SIGKILL leaves its staging, which {@code gc} removes at once, while the staging of a
 * process still working (another one, or this one) is left alone, and an index.json rewrite cut short is removed;
 * the same for containers being created.
 */
class InterruptedWorkTest {
    private static final int LAYER_BYTES = 8 << 20;

    @Test
    void aLoadStoppedWithSigtermRemovesItsStaging(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        Store.open(store);
        byte[] archive = bigArchive(dir);
        Process load = halfwayLoad(store, dir, "term", archive, List.of());
        load.toHandle().destroy(); // SIGTERM alone: Process.destroy also closes the child's standard input
        assertThat(load.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(load.exitValue()).as("ended by the signal, not by an error of its own: " + Files.readString(dir.resolve("term.err")))
                .isEqualTo(143);
        load.getOutputStream().close();
        assertThat(list(store.resolve("tmp"))).isEmpty();
        assertThat(Store.open(store).readIndex().entries()).isEmpty();
    }

    @Test
    void gcRemovesAtOnceTheStagingOfAKilledProcessButNotOfLiveOnes(@TempDir Path dir) throws Exception {
        Path storeDir = dir.resolve("store");
        Store store = Store.open(storeDir);
        byte[] archive = bigArchive(dir);
        Process killed = halfwayLoad(storeDir, dir, "killed", archive, List.of());
        List<Path> killedStaging = list(storeDir.resolve("tmp"));
        killed.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(killed.waitFor(60, TimeUnit.SECONDS)).isTrue();
        killed.getOutputStream().close();
        assertThat(list(storeDir.resolve("tmp"))).containsExactlyInAnyOrderElementsOf(killedStaging).isNotEmpty();

        Process live = halfwayLoad(storeDir, dir, "live", archive, killedStaging);
        try (OutputStream liveIn = live.getOutputStream(); Staging mine = store.newStaging()) {
            mine.write(new byte[]{1, 2, 3});
            Path cutShort = storeDir.resolve(".index.json.123456.tmp");
            Files.write(cutShort, new byte[]{'{'});

            GarbageCollector.Result result = new GarbageCollector(store).collect();

            List<Path> left = list(storeDir.resolve("tmp"));
            assertThat(left).doesNotContainAnyElementsOf(killedStaging);
            assertThat(left).contains(mine.directory(), mine.directory().resolveSibling(mine.directory().getFileName() + ".lock"));
            assertThat(left).hasSize(4); // this process's and the live child's: a directory and a lock file each
            assertThat(left.stream().filter(p -> !p.equals(mine.directory()) && Files.isDirectory(p)).findFirst().orElseThrow())
                    .isNotEmptyDirectory();
            assertThat(mine.directory()).isNotEmptyDirectory();
            assertThat(cutShort).doesNotExist();
            assertThat(result.bytesFreed()).isGreaterThan(LAYER_BYTES / 4);
        } finally {
            live.destroy();
            live.waitFor(60, TimeUnit.SECONDS);
        }
        assertThat(list(storeDir.resolve("tmp"))).isEmpty();
    }

    @Test
    void gcRemovesAContainerCreationWhoseProcessIsGoneButNotOneUnderWay(@TempDir Path dir) throws Exception {
        Store store = Store.open(dir);
        Path containers = Files.createDirectories(dir.resolve("containers"));
        Path dead = Files.createDirectories(containers.resolve(".creating-dead").resolve("rootfs"));
        Files.writeString(dead.resolve("file"), "left by a killed create");
        Files.createFile(containers.resolve(".creating-dead.lock")); // nobody holds it: its process is gone
        Path oldStyle = Files.createDirectories(containers.resolve(".creating-old"));
        try (WorkArea live = WorkArea.create(containers, ".creating-live")) {
            Files.writeString(live.directory().resolve("file"), "being made");

            new GarbageCollector(store).collect();

            assertThat(list(containers)).containsExactly(containers.resolve(".creating-live"),
                    containers.resolve(".creating-live.lock"), oldStyle);
        }
        assertThat(list(containers)).containsExactly(oldStyle); // no lock file: an older version's, kept for a day
    }

    private static byte[] bigArchive(Path dir) throws IOException {
        byte[] layer = Files.readAllBytes(ImageArchives.bigLayer(dir, "big.bin", LAYER_BYTES));
        return Files.readAllBytes(ImageArchives.ociArchive(dir.resolve("big.tar"), "big/image:1", List.of("sh"), layer));
    }

    /** A {@code load} child given half of the archive on its standard input, once it has staged part of the layer. */
    private static Process halfwayLoad(Path store, Path dir, String name, byte[] archive, List<Path> otherStaging) throws Exception {
        Process load = new ProcessBuilder(Tools.stowageProcess(store, "load"))
                .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile()).start();
        OutputStream in = load.getOutputStream();
        in.write(archive, 0, archive.length / 2);
        in.flush();
        awaitStagedBytes(store, otherStaging);
        return load;
    }

    /** Waits until a staging area other than {@code others} holds part of the layer. */
    private static void awaitStagedBytes(Path store, List<Path> others) throws Exception {
        await(() -> {
            for (Path p : list(store.resolve("tmp"))) {
                if (!Files.isDirectory(p) || others.contains(p)) continue;
                for (Path f : list(p)) if (Files.size(f) > 0) return true;
            }
            return false;
        });
    }

    private interface Condition {
        boolean holds() throws IOException;
    }

    private static void await(Condition condition) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.holds()) {
            if (System.nanoTime() > until) throw new AssertionError("timed out");
            Thread.sleep(50);
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
