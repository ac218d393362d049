package dev.stowage.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.archive.ArchiveLoader;
import dev.stowage.image.Digest;
import dev.stowage.image.Json;
import dev.stowage.image.Reference;
import dev.stowage.layer.ImageLayers;
import dev.stowage.store.LocalImage;
import dev.stowage.store.Store;
import dev.stowage.ui.layers.FileNode;
import dev.stowage.ui.layers.LayersView;
import javafx.application.Platform;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The desktop app's performance figures (issue 5): 10,000 images listed, filtered and scrolled; a layer of
 * 100,000 entries read, opened as a tree, expanded and scrolled. Run by {@code src/bench/ui-bench.sh}.
 *
 * <p>Usage: {@code UiBench prepare STORE} writes the store (10,000 names over 20 small images, and
 * {@code bench/many:latest} whose one layer has 100 dirs x 1,000 files); {@code UiBench measure STORE} opens
 * the real main window on it and prints the figures; {@code UiBench engine STORE unix:///SOCK} opens the window,
 * finds the engine at that address as the app does (its sidebar entry), selects it and measures listing its
 * images, the longest FX-thread stall meanwhile, filtering and scrolling. FX-thread times are wall times of the work done on the
 * FX thread for one step including the layout pass (CSS + layout of the visible cells); rendering happens on
 * the render thread.
 */
public final class UiBench {
    private static final int IMAGES = 20;
    private static final int NAMES = 10_000;
    private static final int DIRS = 100;
    private static final int FILES_PER_DIR = 1_000;

    public static void main(String[] args) throws Exception {
        Path storeDir = Path.of(args[1]);
        if (args[0].equals("prepare")) prepare(storeDir);
        else if (args[0].equals("engine")) measureEngine(storeDir, args[2]);
        else if (args[0].equals("prepare-engine-image")) writeArchive(storeDir, "bench/engine:latest", List.of(smallLayer(0)), "2024-01-01T10:00:00Z");
        else measure(storeDir);
        System.exit(0);
    }

    // ---------------------------------------------------------------- prepare

    static void prepare(Path storeDir) throws IOException {
        Store store = Store.open(storeDir);
        Path work = Files.createTempDirectory("ui-bench-");
        List<Reference> firsts = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            Path archive = work.resolve("img" + i + ".tar");
            byte[] layer = smallLayer(i);
            writeArchive(archive, "bench/img" + i + ":latest", List.of(layer), String.format("2024-01-%02dT10:00:00Z", i + 1));
            try (InputStream in = Files.newInputStream(archive)) {
                new ArchiveLoader(store).load(in);
            }
            firsts.add(Reference.parse("bench/img" + i + ":latest"));
        }
        List<LocalImage> images = store.images();
        store.modifyIndex(index -> {
            for (int n = 0; n < NAMES - IMAGES; n++) {
                LocalImage image = images.get(n % images.size());
                Reference name = Reference.parse("team" + (n % 50) + "/service-" + n + ":v" + (n % 7));
                index.tag(name, image.target());
            }
            return null;
        });
        Path many = work.resolve("many.tar");
        writeManyArchive(many);
        try (InputStream in = Files.newInputStream(many)) {
            new ArchiveLoader(store).load(in);
        }
        try (var files = Files.list(work)) {
            for (Path p : files.toList()) Files.delete(p);
        }
        Files.delete(work);
        System.out.println("prepared " + store.images().stream().mapToInt(i -> Math.max(1, i.names().size())).sum() + " rows in " + storeDir);
    }

    private static byte[] smallLayer(int i) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            put(tar, "etc/", null);
            put(tar, "etc/release", ("image " + i + "\n").getBytes());
        }
        return bytes.toByteArray();
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        if (content == null) {
            e.setMode(040755);
        } else {
            e.setMode(0100644);
            e.setSize(content.length);
        }
        tar.putArchiveEntry(e);
        if (content != null) tar.write(content);
        tar.closeArchiveEntry();
    }

    /** A docker-archive of one image: layers, a config naming their diff IDs, manifest.json. */
    private static void writeArchive(Path file, String name, List<byte[]> layers, String created) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            List<String> diffIds = new ArrayList<>();
            List<String> files = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                put(tar, "layer" + i + ".tar", layers.get(i));
                diffIds.add(Digest.sha256(layers.get(i)).toString());
                files.add("layer" + i + ".tar");
            }
            finish(tar, name, diffIds, files, created);
        }
    }

    private static void finish(TarArchiveOutputStream tar, String name, List<String> diffIds, List<String> files, String created)
            throws IOException {
        ObjectNode config = Json.object();
        config.put("architecture", "amd64").put("os", "linux").put("created", created);
        ArrayNode ids = config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
        diffIds.forEach(ids::add);
        ArrayNode history = config.putArray("history");
        for (int i = 0; i < diffIds.size(); i++) history.addObject().put("created", created).put("created_by", "bench layer " + i);
        put(tar, "config.json", Json.bytes(config));
        ArrayNode manifest = Json.array();
        ObjectNode m = manifest.addObject().put("Config", "config.json");
        m.putArray("RepoTags").add(name);
        ArrayNode ls = m.putArray("Layers");
        files.forEach(ls::add);
        put(tar, "manifest.json", Json.bytes(manifest));
    }

    /** bench/many:latest: one layer of 100 dirs x 1,000 files of 16 bytes (100,100 entries), streamed to disk. */
    private static void writeManyArchive(Path file) throws IOException {
        Path layer = file.resolveSibling("many-layer.tar");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(layer), 1 << 20);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            byte[] content = "0123456789abcdef".getBytes();
            for (int d = 0; d < DIRS; d++) {
                put(tar, "data/d" + d + "/", null);
                for (int f = 0; f < FILES_PER_DIR; f++) put(tar, "data/d" + d + "/f" + f + ".txt", content);
            }
        }
        Digest diffId;
        try (InputStream in = Files.newInputStream(layer)) {
            var sha = Digest.newSha256();
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) sha.update(buf, 0, n);
            diffId = Digest.parse("sha256:" + java.util.HexFormat.of().formatHex(sha.digest()));
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry e = new TarArchiveEntry("layer0.tar");
            e.setSize(Files.size(layer));
            tar.putArchiveEntry(e);
            Files.copy(layer, tar);
            tar.closeArchiveEntry();
            finish(tar, "bench/many:latest", List.of(diffId.toString()), List.of("layer0.tar"), "2024-06-01T10:00:00Z");
        }
        Files.delete(layer);
    }

    // ---------------------------------------------------------------- measure

    private static <T> T fx(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(120, TimeUnit.SECONDS);
    }

    private static long waitFor(BooleanSupplier condition) throws Exception {
        long start = System.nanoTime();
        while (!fx(condition::getAsBoolean)) Thread.sleep(2);
        return System.nanoTime() - start;
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
    }

    private record Stats(long median, long p95, long max, int n) {
        static Stats of(List<Long> v) {
            List<Long> s = new ArrayList<>(v);
            Collections.sort(s);
            return new Stats(s.get(s.size() / 2), s.get(Math.min(s.size() - 1, (int) (s.size() * 0.95))), s.get(s.size() - 1), s.size());
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "median %.1f ms, p95 %.1f ms, max %.1f ms over %d steps", median / 1e6, p95 / 1e6, max / 1e6, n);
        }
    }

    static void measure(Path storeDir) throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get();
        Store store = Store.open(storeDir);
        Messages messages = new Messages(Locale.ENGLISH);
        StoreService service = new StoreService(store, messages);
        MainViewModel vm = new MainViewModel(service, messages);
        MainView[] holder = new MainView[1];
        long t0 = System.nanoTime();
        fx(() -> {
            StowageApp.applyTheme();
            MainView view = new MainView(vm);
            holder[0] = view;
            Stage stage = new Stage();
            stage.setScene(view.createScene());
            stage.setWidth(1280);
            stage.setHeight(860);
            stage.show();
            vm.refresh();
            return null;
        });
        MainView view = holder[0];
        TableView<ImageRow> table = fx(view::tableView);
        long listed = waitFor(() -> table.getItems().size() >= NAMES);
        System.out.println("images: window + " + fx(() -> table.getItems().size()) + " rows listed in " + ms(System.nanoTime() - t0)
                + " (reading the store: " + ms(listed) + " of it)");

        // filter as you type: one character at a time, FX-thread time per keystroke (filter + sort + layout)
        List<Long> keys = new ArrayList<>();
        for (int pass = 0; pass < 3; pass++) for (String text : List.of("t", "te", "tea", "team", "team1", "team12", "team12/", "team12/s", "", "service-99", "")) {
            keys.add(fx(() -> {
                long s = System.nanoTime();
                vm.searchProperty().set(text);
                table.getScene().getRoot().applyCss();
                table.getScene().getRoot().layout();
                return System.nanoTime() - s;
            }));
        }
        System.out.println("images: filter per keystroke (10,000 rows; 3 passes of 11 keystrokes, the first pass warms up): "
                + Stats.of(keys.subList(11, keys.size())) + "; first pass " + Stats.of(keys.subList(0, 11)));

        // scrolling through all rows, a page at a time
        List<Long> scroll = new ArrayList<>();
        int rows = fx(() -> table.getItems().size());
        for (int i = 0; i < rows; i += 25) {
            int row = i;
            scroll.add(fx(() -> {
                long s = System.nanoTime();
                table.scrollTo(row);
                table.layout();
                return System.nanoTime() - s;
            }));
        }
        System.out.println("images: scroll by 25 rows through " + rows + ": " + Stats.of(scroll));

        // the 100,000-entry layer
        fx(() -> {
            vm.searchProperty().set("bench/many");
            return null;
        });
        waitFor(() -> table.getItems().size() == 1);
        LayersView layers = fx(view::layersView);
        long readStart = System.nanoTime();
        fx(() -> {
            table.getSelectionModel().select(0);
            layers.tab().getTabPane().getSelectionModel().select(layers.tab());
            return null;
        });
        TreeTableView<FileNode> tree = fx(() -> layers.tree().node());
        long read = waitFor(() -> layers.viewModel().analysisProperty().get() != null);
        waitFor(() -> tree.getRoot() != null);
        long firstTree = System.nanoTime() - readStart;
        int entries = fx(() -> layers.viewModel().analysisProperty().get().layers().layers().get(0).contents().entries().size());
        System.out.println("layers: reading the image's layer (" + entries + " entries) + efficiency: " + ms(read)
                + "; until its tree was shown: " + ms(firstTree));

        List<Long> opens = new ArrayList<>();
        List<Long> builds = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            boolean merged = round % 2 == 1;
            fx(() -> {
                layers.viewModel().mergedProperty().set(!layers.viewModel().mergedProperty().get());
                return null;
            });
            waitFor(() -> tree.getRoot() == null || layers.viewModel().loadingProperty().get() != null);
            long s = System.nanoTime();
            fx(() -> {
                layers.viewModel().mergedProperty().set(merged);
                return null;
            });
            waitFor(() -> layers.viewModel().loadingProperty().get() == null && tree.getRoot() != null);
            fx(() -> {
                tree.layout();
                return null;
            });
            opens.add(System.nanoTime() - s);
            builds.add(fx(() -> layers.viewModel().lastTreeNanos()));
        }
        System.out.println("layers: open the 100,000-entry layer's tree (changes / merged alternately; build on the worker + show): "
                + Stats.of(opens) + "; of which the tree build: " + Stats.of(builds));

        // expand every directory (100,100 rows) and scroll through, a page at a time
        long expandStart = System.nanoTime();
        fx(() -> {
            tree.getRoot().getChildren().get(0).setExpanded(true);
            return null;
        });
        List<Long> expands = new ArrayList<>();
        for (int d = 0; d < DIRS; d++) {
            int dirIndex = d;
            expands.add(fx(() -> {
                // as a user does it: scroll the directory into view, then click its arrow
                long s = System.nanoTime();
                TreeItem<FileNode> item = tree.getRoot().getChildren().get(0).getChildren().get(dirIndex);
                tree.scrollTo(tree.getRow(item));
                tree.layout();
                item.setExpanded(true);
                tree.layout();
                return System.nanoTime() - s;
            }));
        }
        int visible = fx(tree::getExpandedItemCount);
        System.out.println("layers: scrolling to and expanding the " + DIRS + " directories one by one (" + visible + " rows in the end): "
                + Stats.of(expands) + "; first " + ms(expands.get(0)) + ", last " + ms(expands.get(DIRS - 1))
                + "; all: " + ms(System.nanoTime() - expandStart));
        List<Long> treeScroll = new ArrayList<>();
        for (int i = 0; i < visible; i += 200) {
            int row = i;
            treeScroll.add(fx(() -> {
                long s = System.nanoTime();
                tree.scrollTo(row);
                tree.layout();
                return System.nanoTime() - s;
            }));
        }
        System.out.println("layers: scroll through the expanded tree by 200 rows: " + Stats.of(treeScroll));
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.println("heap in use after all: " + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB");
        service.close();
    }

    // ---------------------------------------------------------------- engine

    /**
     * Pings the FX thread every 5 ms from another thread and keeps the longest wait for a ping to run: the
     * longest time the FX thread was busy (a stall a user would see) while it runs.
     */
    private static final class StallMeter implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicLong longest = new java.util.concurrent.atomic.AtomicLong();
        private volatile boolean running = true;
        private final Thread thread = new Thread(() -> {
            while (running) {
                long posted = System.nanoTime();
                java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
                Platform.runLater(() -> {
                    longest.accumulateAndGet(System.nanoTime() - posted, Math::max);
                    ran.countDown();
                });
                try {
                    ran.await();
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "stall-meter");

        StallMeter start() {
            thread.setDaemon(true);
            thread.start();
            return this;
        }

        long longest() {
            return longest.get();
        }

        @Override
        public void close() {
            running = false;
        }
    }

    static void measureEngine(Path storeDir, String address) throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get();
        Store store = Store.open(storeDir);
        Messages messages = new Messages(Locale.ENGLISH);
        StoreService service = new StoreService(store, messages);
        MainViewModel vm = new MainViewModel(service, messages);
        MainView view = fx(() -> {
            StowageApp.applyTheme();
            MainView v = new MainView(vm);
            Stage stage = new Stage();
            stage.setScene(v.createScene());
            stage.setWidth(1280);
            stage.setHeight(860);
            stage.show();
            vm.refresh();
            return v;
        });
        TableView<ImageRow> table = fx(view::tableView);
        var sources = view.sourcesViewModel();
        java.util.Map<String, String> env = java.util.Map.of("DOCKER_HOST", address, "HOME", storeDir.toString());
        long found = System.nanoTime();
        fx(() -> {
            sources.setEngines(StowageApp.engineFinder(env, messages));
            return sources.reloadEngines();
        });
        waitFor(() -> !sources.engines().isEmpty());
        System.out.println("engine: found (discovery on a background thread, /_ping + /version) in " + ms(System.nanoTime() - found));
        var engine = fx(() -> sources.engines().get(0));
        var entry = fx(() -> sources.sources().stream().filter(x -> x.engine() == engine).findFirst().orElseThrow());
        for (int round = 0; round < 4; round++) {
            fx(() -> {
                sources.selectedProperty().set(dev.stowage.ui.sources.Source.LOCAL);
                return null;
            });
            waitFor(() -> vm.location() == vm.storeLocation() && vm.currentTaskProperty().get() == null);
            try (StallMeter stalls = new StallMeter().start()) {
                long s = System.nanoTime();
                fx(() -> {
                    sources.selectedProperty().set(entry);
                    return null;
                });
                waitFor(() -> table.getItems().size() >= 1000);
                long listed = System.nanoTime() - s;
                long layout = fx(() -> {
                    long l = System.nanoTime();
                    table.getScene().getRoot().applyCss();
                    table.getScene().getRoot().layout();
                    return System.nanoTime() - l;
                });
                System.out.println("engine: select it -> " + fx(() -> table.getItems().size()) + " rows listed in " + ms(listed)
                        + (round == 0 ? " (first, cold)" : "") + "; longest FX-thread stall meanwhile " + ms(stalls.longest())
                        + "; layout after " + ms(layout));
            }
        }
        List<Long> keys = new ArrayList<>();
        for (int pass = 0; pass < 3; pass++) for (String text : List.of("b", "be", "ben", "bench", "bench/", "bench/tag", "bench/tag9", "bench/tag99", "", "tag5", "")) {
            keys.add(fx(() -> {
                long s = System.nanoTime();
                vm.searchProperty().set(text);
                table.getScene().getRoot().applyCss();
                table.getScene().getRoot().layout();
                return System.nanoTime() - s;
            }));
        }
        System.out.println("engine: filter per keystroke over its rows (3 passes of 11, the first warms up): "
                + Stats.of(keys.subList(11, keys.size())) + "; first pass " + Stats.of(keys.subList(0, 11)));
        List<Long> scroll = new ArrayList<>();
        int rows = fx(() -> table.getItems().size());
        for (int i = 0; i < rows; i += 25) {
            int row = i;
            scroll.add(fx(() -> {
                long s = System.nanoTime();
                table.scrollTo(row);
                table.layout();
                return System.nanoTime() - s;
            }));
        }
        System.out.println("engine: scroll by 25 rows through " + rows + ": " + Stats.of(scroll));
        fx(() -> {
            sources.close();
            return null;
        });
        service.close();
    }
}
