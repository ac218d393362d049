package dev.stowage.cli;

import dev.stowage.testing.Cli;
import dev.stowage.testing.ProjectVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which command lines open the desktop app (and with what) and which run the CLI; the version the build wrote. */
class LaunchArgumentsTest {
    @TempDir
    Path dir;

    @Test
    void noArgumentsOpenTheAppOnTheUsualStore() {
        assertThat(DesktopRequest.of()).contains(new DesktopRequest(null, List.of()));
    }

    @Test
    void storeWithoutACommandOpensTheAppOnThatStore() {
        Path store = dir.resolve("store");
        assertThat(DesktopRequest.of("--store", store.toString())).contains(new DesktopRequest(store, List.of()));
        assertThat(DesktopRequest.of("--store=" + store)).contains(new DesktopRequest(store, List.of()));
    }

    @Test
    void archivesWithoutACommandOpenTheAppToImportThemByAbsolutePath() throws IOException {
        Path a = Files.writeString(dir.resolve("a.tar"), "x");
        Path b = Files.writeString(dir.resolve("b.tar.xz"), "x");
        Path relative = Path.of("").toAbsolutePath().relativize(b);
        assertThat(DesktopRequest.of(a.toString(), relative.toString()))
                .contains(new DesktopRequest(null, List.of(a, b)));
        assertThat(DesktopRequest.of("--store", dir.toString(), a.toString()))
                .contains(new DesktopRequest(dir, List.of(a)));
    }

    @Test
    void commandsHelpVersionAndUnknownWordsRunTheCli() {
        assertThat(DesktopRequest.of("images")).isEmpty();
        assertThat(DesktopRequest.of("--store", dir.toString(), "images")).isEmpty();
        assertThat(DesktopRequest.of("help")).isEmpty();
        assertThat(DesktopRequest.of("--help")).isEmpty();
        assertThat(DesktopRequest.of("--store", dir.toString(), "--version")).isEmpty();
        assertThat(DesktopRequest.of("imagez")).isEmpty();
        assertThat(DesktopRequest.of(dir.resolve("missing.tar").toString())).isEmpty();
        assertThat(DesktopRequest.of("--no-such-option")).isEmpty();
        assertThat(DesktopRequest.of("--store")).isEmpty();
    }

    @Test
    void engineAndInsecureRegistryWithoutACommandAreRefusedInOneLine() {
        assertThat(DesktopRequest.of("--engine", "podman")).isEmpty();
        Cli.Run run = new Cli(dir.resolve("store")).run("--engine", "podman");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("Error: --engine and --insecure-registry need a command").doesNotContain("\n");
        assertThat(new Cli(dir.resolve("store")).run("--insecure-registry", "localhost:5000").exitCode()).isEqualTo(1);
    }

    @Test
    void versionIsTheProjectVersion() throws IOException {
        Cli.Run run = new Cli(dir.resolve("store")).run("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("stowage " + ProjectVersion.fromPom());
    }
}
