package dev.stowage.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stowage launcher in a new JVM on the test classpath, as a user starts it: JavaFX headless (Monocle, as the
 * UI tests run) and an environment of the test's own (HOME, XDG folders), nothing else from the machine's.
 */
public final class DesktopProcess {
    private DesktopProcess() {
    }

    /** The environment under {@code dir}: home, config, data and runtime folders. */
    public static Map<String, String> env(Path dir) {
        return Map.of("HOME", dir.resolve("home").toString(),
                "XDG_CONFIG_HOME", dir.resolve("home/.config").toString(),
                "XDG_DATA_HOME", dir.resolve("home/.local/share").toString(),
                "XDG_RUNTIME_DIR", dir.resolve("run").toString(),
                "DOCKER_CONFIG", dir.resolve("home/.docker").toString());
    }

    /** Starts {@code stowage ARGS...} with this environment; its output goes to {@code log}. */
    public static Process start(Map<String, String> env, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), "dev.stowage.Launcher"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().retainAll(Set.of("PATH", "LANG", "LC_ALL", "JAVA_HOME", "CI"));
        pb.environment().putAll(env);
        for (String dir : List.of("HOME", "XDG_RUNTIME_DIR")) Files.createDirectories(Path.of(env.get(dir)));
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb.start();
    }
}
