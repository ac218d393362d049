package dev.stowage.progress;

import dev.stowage.archive.ArchiveFormat;
import dev.stowage.archive.ArchiveSaver;
import dev.stowage.image.Compression;
import dev.stowage.layer.ImageLayers;
import dev.stowage.store.Store;
import dev.stowage.testing.LayeredImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One token cancels the core's work from another thread: layer reading and saving stop, and leave nothing behind. */
class CancellationTest {
    @Test
    void hooksRunOnceOnTheCancellingThreadAndLateOnesAtOnce() throws Exception {
        Cancellation token = new Cancellation();
        List<String> ran = new CopyOnWriteArrayList<>();
        token.onCancel(() -> ran.add("early on " + Thread.currentThread().getName()));
        token.check();
        Thread canceller = new Thread(token::cancel, "canceller");
        canceller.start();
        canceller.join();
        token.cancel();
        token.onCancel(() -> ran.add("late"));
        assertThat(ran).containsExactly("early on canceller", "late");
        assertThat(token.isCancelled()).isTrue();
        assertThatThrownBy(token::check).isInstanceOf(InterruptedIOException.class).hasMessage("cancelled");
    }

    @Test
    void layersStopBeingReadOnceCancelledFromAnotherThread(@TempDir Path dir) throws Exception {
        Store store = image(dir);
        Cancellation token = new Cancellation();
        AtomicInteger heard = new AtomicInteger();
        assertThatThrownBy(() -> ImageLayers.read(store, store.images().get(0), (done, total) -> {
            heard.incrementAndGet();
            cancelFromAnotherThread(token);
        }, token)).isInstanceOf(InterruptedIOException.class).hasMessage("cancelled");
        assertThat(heard).hasValue(1);
        assertThat(ImageLayers.read(store, store.images().get(0)).layers()).hasSize(4);
    }

    @Test
    void aSaveCancelledHalfwayLeavesNoFile(@TempDir Path dir) throws Exception {
        Store store = image(dir);
        ArchiveSaver saver = new ArchiveSaver(store);
        Path target = dir.resolve("out").resolve("demo.tar");
        Files.createDirectories(target.getParent());
        Cancellation token = new Cancellation();
        AtomicInteger writes = new AtomicInteger();
        assertThatThrownBy(() -> saver.save(saver.items(List.of("demo:1")), ArchiveFormat.DOCKER, Compression.NONE, target,
                written -> {
                    if (writes.incrementAndGet() == 3) cancelFromAnotherThread(token);
                }, token)).isInstanceOf(InterruptedIOException.class).hasMessage("cancelled");
        try (Stream<Path> left = Files.list(target.getParent())) {
            assertThat(left).isEmpty();
        }
    }

    private static Store image(Path dir) throws Exception {
        Store store = Store.open(dir.resolve("store"));
        LayeredImages.Layer[] layers = new LayeredImages.Layer[4];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new LayeredImages.Layer("RUN step " + i).file("data" + i + ".bin", 400_000, (char) ('a' + i));
        }
        LayeredImages.load(store, "demo:1", layers);
        return store;
    }

    private static void cancelFromAnotherThread(Cancellation token) {
        Thread t = new Thread(token::cancel, "canceller");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
