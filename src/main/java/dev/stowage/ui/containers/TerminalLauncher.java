package dev.stowage.ui.containers;

import dev.stowage.container.run.OciRuntime;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens the system's terminal emulator (x-terminal-emulator, gnome-terminal, konsole, xterm: the first found on
 * PATH) on a stowage command, such as {@code stowage exec -it CONTAINER sh}. Stowage is the running Java with the
 * running jar, else the {@code stowage} launcher on PATH, else the running Java with this class path; the store is
 * named with {@code --store}, so the terminal works on the app's store.
 */
public final class TerminalLauncher {
    static final List<String> EMULATORS = List.of("x-terminal-emulator", "gnome-terminal", "konsole", "xterm");

    /** Starts a process (the real one, or a test's recorder). */
    public interface Starter {
        void start(List<String> command) throws IOException;
    }

    private final Map<String, String> env;
    private final Path store;
    private final Starter starter;

    public TerminalLauncher(Map<String, String> env, Path store, Starter starter) {
        this.env = env;
        this.store = store;
        this.starter = starter;
    }

    public static TerminalLauncher system(Path store) {
        return new TerminalLauncher(System.getenv(), store, command -> new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }

    /** Opens a terminal running {@code stowage --store STORE ARGS...}; fails with one line when there is no terminal emulator. */
    public void open(List<String> stowageArgs) throws IOException {
        starter.start(command(stowageArgs));
    }

    /** The terminal emulator's command line running stowage with {@code stowageArgs}. */
    public List<String> command(List<String> stowageArgs) {
        List<String> inside = new ArrayList<>(stowage());
        inside.addAll(List.of("--store", store.toString()));
        inside.addAll(stowageArgs);
        for (String name : EMULATORS) {
            Optional<Path> found = OciRuntime.onPath(name, env);
            if (found.isEmpty()) continue;
            List<String> cmd = new ArrayList<>(List.of(found.get().toString()));
            // gnome-terminal takes the command after "--"; the others (and the x-terminal-emulator wrappers) after -e
            cmd.add(name.equals("gnome-terminal") ? "--" : "-e");
            cmd.addAll(inside);
            return cmd;
        }
        throw new IllegalStateException("no terminal emulator found: install one of " + String.join(", ", EMULATORS));
    }

    /** How to run stowage: this Java and jar, else the launcher on PATH, else this Java and class path. */
    List<String> stowage() {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path code = codeLocation();
        if (code != null && Files.isRegularFile(code) && code.toString().endsWith(".jar")) return List.of(java, "-jar", code.toString());
        Optional<Path> launcher = OciRuntime.onPath("stowage", env);
        if (launcher.isPresent()) return List.of(launcher.get().toString());
        return List.of(java, "-cp", System.getProperty("java.class.path"), "dev.stowage.Launcher");
    }

    private static Path codeLocation() {
        try {
            var source = TerminalLauncher.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
