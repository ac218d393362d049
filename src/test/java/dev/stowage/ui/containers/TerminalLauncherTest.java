package dev.stowage.ui.containers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The first terminal emulator found on PATH, in the order x-terminal-emulator, gnome-terminal, konsole, xterm. */
class TerminalLauncherTest {
    @TempDir
    Path dir;

    private Path bin(String... names) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin" + names.length));
        for (String n : names) {
            Path p = Files.writeString(bin.resolve(n), "#!/bin/sh\n");
            Files.setAttribute(p, "unix:mode", 0755);
        }
        return bin;
    }

    private List<String> opened(Path bin) throws IOException {
        List<List<String>> started = new ArrayList<>();
        new TerminalLauncher(Map.of("PATH", bin.toString()), Path.of("/the/store"), started::add).open(List.of("exec", "-it", "web", "sh"));
        return started.get(0);
    }

    @Test
    void theFirstEmulatorFoundRunsStowageOnTheAppsStore() throws IOException {
        List<String> cmd = opened(bin("xterm", "konsole", "gnome-terminal"));
        assertThat(cmd.get(0)).isEqualTo(dir.resolve("bin3/gnome-terminal").toString());
        assertThat(cmd.get(1)).isEqualTo("--"); // gnome-terminal takes the command after --
        assertThat(String.join(" ", cmd)).endsWith(" --store /the/store exec -it web sh");
        // stowage is this Java (and its jar or class path)
        assertThat(cmd.get(2)).isEqualTo(ProcessHandle.current().info().command().orElseThrow());

        assertThat(opened(bin("x-terminal-emulator", "xterm")).subList(0, 2)).containsExactly(dir.resolve("bin2/x-terminal-emulator").toString(), "-e");
        assertThat(opened(bin("xterm")).subList(0, 2)).containsExactly(dir.resolve("bin1/xterm").toString(), "-e");
    }

    @Test
    void noEmulatorIsOneLine() throws IOException {
        Path empty = bin();
        assertThatThrownBy(() -> opened(empty)).hasMessage("no terminal emulator found: install one of x-terminal-emulator, gnome-terminal, konsole, xterm");
    }
}
