package dev.stowage.store;

import dev.stowage.archive.ArchiveLoader;
import dev.stowage.testing.ImageArchives;
import dev.stowage.testing.ReadableClasspath;
import dev.stowage.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store its user may only read (no write permission on the store or its lock file, as on a read-only file
 * system) can still be listed and inspected: readers take the shared lock through a read-only channel. Run as
 * an unprivileged user (uid 65534 through {@code setpriv}) when the tests run as root, who may write anything.
 */
class ReadOnlyStoreTest {
    @TempDir
    Path dir;

    @Test
    void aStoreThatMayOnlyBeReadIsListedAndInspected() throws Exception {
        boolean root = "0".equals(Tools.run(dir, "id", "-u").stdout().strip());
        if (root) Tools.require("setpriv");
        Files.setAttribute(dir, "unix:mode", 0755);
        String classpath = ReadableClasspath.copyTo(dir.resolve("cp"));
        Path storeDir = dir.resolve("store");
        Store store = Store.open(storeDir);
        Path archive = ImageArchives.ociArchive(dir.resolve("a.tar"), "read/only:1", List.of("sh"),
                ImageArchives.layer(Map.of("etc/a", "a")));
        try (InputStream in = Files.newInputStream(archive)) {
            new ArchiveLoader(store).load(in);
        }
        store.images(); // the lock file exists, as in any store used before
        try (Stream<Path> walk = Files.walk(storeDir)) {
            for (Path p : walk.toList()) {
                if (root) {
                    Files.setAttribute(p, "unix:uid", Tools.NOBODY, LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(p, "unix:gid", Tools.NOBODY, LinkOption.NOFOLLOW_LINKS);
                }
                Files.setAttribute(p, "unix:mode", Files.isDirectory(p) ? 0555 : 0444);
            }
        }

        Tools.Result images = stowage(root, classpath, storeDir, "images").assertOk();
        assertThat(images.stdout()).contains("read/only    1");
        assertThat(stowage(root, classpath, storeDir, "inspect", "read/only:1").assertOk().stdout()).contains("\"Id\"");
    }

    private Tools.Result stowage(boolean root, String classpath, Path store, String... args) throws Exception {
        return Tools.run(dir, Tools.unprivileged(root, Tools.stowageProcess(classpath, store, args)));
    }
}
