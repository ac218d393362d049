package dev.stowage.store;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Several processes and threads tagging one store at once lose nothing: index.json is edited under the lock. */
class StoreConcurrencyTest {
    private static final int PROCESSES = 4;
    private static final int TAGS_EACH = 25;

    @Test
    void concurrentProcessesLoseNoTag(@TempDir Path dir) throws Exception {
        Store.open(dir);
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), TagHammer.class.getName(),
                    dir.toString(), "p" + p, String.valueOf(TAGS_EACH)).inheritIO().start());
        }
        // this process tags at the same time through its own threads
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> futures = new ArrayList<>();
        Store store = Store.open(dir);
        for (int t = 0; t < 2; t++) {
            String prefix = "thread" + t;
            futures.add(pool.submit(() -> {
                Descriptor target = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256(prefix), 1);
                for (int i = 0; i < TAGS_EACH; i++) {
                    Reference name = Reference.parse("hammer/" + prefix + ":t" + i);
                    store.modifyIndex(index -> index.tag(name, target));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) f.get(120, TimeUnit.SECONDS);
        pool.shutdown();
        for (Process p : processes) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        StoreIndex index = store.readIndex();
        assertThat(index.entries()).hasSize((PROCESSES + 2) * TAGS_EACH);
        for (int p = 0; p < PROCESSES; p++) {
            for (int i = 0; i < TAGS_EACH; i++) {
                assertThat(index.find(Reference.parse("hammer/p" + p + ":t" + i))).isPresent();
            }
        }
    }
}
