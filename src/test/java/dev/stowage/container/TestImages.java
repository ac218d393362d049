package dev.stowage.container;

import dev.stowage.testing.Cli;
import dev.stowage.testing.ImageArchives;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Multi-layer images made from {@link LayerTar}s, written as an OCI archive ({@link ImageArchives#ociArchive}) and loaded with the CLI. */
public final class TestImages {
    private TestImages() {
    }

    /** Loads an image of these layers (uncompressed) under {@code name}; {@code docker} picks a schema2 manifest. */
    public static void load(Cli cli, Path workDir, String name, boolean docker, byte[]... layers) throws IOException {
        Path archive = ImageArchives.ociArchive(Files.createTempFile(workDir, "image-", ".tar"), name, List.of("sh"), docker, layers);
        Cli.Run run = cli.run("load", "-i", archive.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        Files.delete(archive);
    }

    /** The entries of a tar: name → entry, in order; {@code contents} gets each regular file's text. */
    static List<TarArchiveEntry> entries(byte[] tar, Map<String, String> contents) throws IOException {
        List<TarArchiveEntry> out = new ArrayList<>();
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(new java.io.ByteArrayInputStream(tar), "UTF-8")) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.add(e);
                if (contents != null && e.isFile() && !e.isLink()) contents.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
