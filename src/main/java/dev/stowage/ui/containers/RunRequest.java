package dev.stowage.ui.containers;

import dev.stowage.container.Names;
import dev.stowage.container.run.EnvFile;
import dev.stowage.container.run.RunCommandLine;
import dev.stowage.container.run.RunSpec;
import dev.stowage.container.run.ShellWords;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the Run dialog asks for: an image, a name (null for a random one), the {@link RunSpec}, and whether the
 * container runs detached or on a terminal of its own (then {@code -it}, in the system's terminal emulator).
 */
public record RunRequest(String image, String name, RunSpec spec, boolean terminal) {
    /** The form's fields as typed; each list field holds one entry a line. Bad input throws one line's message. */
    public record Form(String image, String name, String command, String env, String ports, String volumes,
                       boolean terminal, boolean remove) {
    }

    public static RunRequest parse(Form f, Map<String, String> callerEnv) {
        String image = f.image() == null ? "" : f.image().trim();
        if (image.isEmpty()) throw new IllegalArgumentException("choose an image");
        String name = f.name() == null || f.name().isBlank() ? null : Names.checkName(f.name().trim());
        List<String> cmd = ShellWords.split(f.command() == null ? "" : f.command());
        List<String> env = EnvFile.resolve(lines(f.env()), callerEnv);
        RunSpec spec = new RunSpec(null, cmd, env, null, null, null,
                lines(f.volumes()).stream().map(RunSpec.Volume::parse).toList(),
                lines(f.ports()).stream().map(RunSpec.PortForward::parse).toList(),
                null, f.terminal(), f.terminal(), f.remove());
        return new RunRequest(image, name, spec, f.terminal());
    }

    /** The non-blank lines, stripped. */
    static List<String> lines(String text) {
        if (text == null) return List.of();
        return Arrays.stream(text.split("\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The equivalent {@code stowage run …}. */
    public String commandLine() {
        return RunCommandLine.of(image, name, spec, !terminal);
    }
}
