package dev.stowage.store;

import dev.stowage.archive.ArchiveLoader;
import dev.stowage.testing.ImageArchives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-only commands in their own processes ({@code images}, {@code inspect}, {@code history}, {@code layers},
 * {@code verify}) never fail while a writer process loads, tags and removes images in the same store over and over:
 * a reader sees one consistent state, and {@code verify} does not report what a removal legitimately deleted.
 */
class ConcurrentReadersTest {
    private static final long RUN_MILLIS = 8_000;

    @Test
    void readersInOtherProcessesNeverFailWhileAWriterLoadsAndRemoves(@TempDir Path dir) throws Exception {
        Path storeDir = dir.resolve("store");
        Store store = Store.open(storeDir);
        Path stable = ImageArchives.ociArchive(dir.resolve("stable.tar"), "stable/image:1", List.of("sh"),
                ImageArchives.layer(Map.of("etc/stable", "stays")), ImageArchives.layer(Map.of("etc/more", "also")));
        try (InputStream in = Files.newInputStream(stable)) {
            new ArchiveLoader(store).load(in);
        }
        Path churn = ImageArchives.ociArchive(dir.resolve("churn.tar"), "churn/image:1", List.of("sh"),
                ImageArchives.layer(Map.of("etc/churn", "comes and goes")), ImageArchives.layer(Map.of("etc/x", "y".repeat(50_000))));

        Process writer = start(dir, "writer", StoreWriterLoop.class, storeDir.toString(), churn.toString(),
                String.valueOf(RUN_MILLIS), "churn/image:1");
        List<Process> readers = new ArrayList<>();
        readers.add(start(dir, "reader0", StoreReaderLoop.class, storeDir.toString(), String.valueOf(RUN_MILLIS),
                "stable/image:1"));
        readers.add(start(dir, "reader1", StoreReaderLoop.class, storeDir.toString(), String.valueOf(RUN_MILLIS),
                "stable/image:1", "verify"));

        assertFinished(writer, dir, "writer");
        assertThat(count(dir, "writer", "rounds")).as("writer rounds").isGreaterThan(3);
        for (int r = 0; r < readers.size(); r++) {
            assertFinished(readers.get(r), dir, "reader" + r);
            assertThat(count(dir, "reader" + r, "failures")).as("reader" + r + " failures").isZero();
            assertThat(count(dir, "reader" + r, "rounds")).as("reader" + r + " rounds").isGreaterThan(3);
        }
        assertThat(new Verifier(store).verify().problems()).isEmpty();
    }

    private static Process start(Path dir, String name, Class<?> main, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
    }

    private static void assertFinished(Process p, Path dir, String name) throws Exception {
        if (!p.waitFor(RUN_MILLIS + 60_000, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish");
        }
        String err = Files.readString(dir.resolve(name + ".err"), StandardCharsets.UTF_8);
        assertThat(err).as(name + " stderr").doesNotContain("Exception in thread");
        assertThat(err.lines().limit(5).toList()).as(name + " failures").isEmpty();
    }

    private static int count(Path dir, String name, String key) throws Exception {
        Matcher m = Pattern.compile(key + "=(\\d+)").matcher(Files.readString(dir.resolve(name + ".out"), StandardCharsets.UTF_8));
        assertThat(m.find()).as(name + " printed " + key).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
