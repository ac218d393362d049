package dev.stowage.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/** Real external tools for interop tests: a missing tool fails the test under CI=true and skips it elsewhere. */
public final class Tools {
    private Tools() {
    }

    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Requires an executable on PATH. */
    public static void require(String tool) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) found = true;
        }
        if (!found) {
            if (onCi()) fail(tool + " is required under CI=true but is not installed (the README's test command installs it)");
            Assumptions.abort(tool + " is not installed");
        }
    }

    /** Requires running as root (the run tests: runc with a network namespace and conmon); fails under CI=true otherwise. */
    public static void requireRoot(String why) {
        try {
            if ("0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid")))) return;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (onCi()) fail(why + " need root under CI=true");
        Assumptions.abort("not root");
    }

    /** Requires a font family JavaFX can use (installed with {@code debianPackage}). */
    public static void requireFont(String family, String debianPackage) {
        if (javafx.scene.text.Font.getFamilies().contains(family)) return;
        if (onCi()) fail("the font " + family + " is required under CI=true but is not installed (apt-get install " + debianPackage + ")");
        Assumptions.abort("the font " + family + " is not installed (apt-get install " + debianPackage + ")");
    }

    public static Path fixtures() {
        String env = System.getenv("STOWAGE_FIXTURES");
        Path dir = env != null ? Path.of(env) : Path.of("..", "shared", "fixtures");
        if (!Files.isDirectory(dir)) {
            if (onCi()) fail("fixtures folder " + dir.toAbsolutePath() + " is missing");
            Assumptions.abort("no fixtures folder at " + dir.toAbsolutePath());
        }
        return dir;
    }

    /** The result of a finished process. */
    public record Result(int exitCode, String stdout, String stderr) {
        public Result assertOk() {
            if (exitCode != 0) fail("command failed (" + exitCode + "): " + stderr + stdout);
            return this;
        }
    }

    public static Result run(Path workDir, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (workDir != null) pb.directory(workDir.toFile());
        Path out = Files.createTempFile("tool-out", ".txt");
        Path err = Files.createTempFile("tool-err", ".txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("command timed out: " + command);
        }
        try {
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    public static Result run(Path workDir, String... command) throws IOException, InterruptedException {
        return run(workDir, List.of(command));
    }

    /** podman with its own storage under {@code dir}, so tests never touch the machine's images. */
    public static List<String> podman(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("podman", "--storage-driver", "vfs",
                "--root", dir.resolve("root").toString(), "--runroot", dir.resolve("runroot").toString(),
                "--tmpdir", dir.resolve("tmp").toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A command line that runs the stowage CLI in a new JVM on the test classpath. */
    public static List<String> stowageProcess(Path store, String... args) {
        return stowageProcess(System.getProperty("java.class.path"), store, args);
    }

    /** A command line that runs the stowage CLI in a new JVM on {@code classpath}. */
    public static List<String> stowageProcess(String classpath, Path store, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "dev.stowage.Launcher", "--store", store.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** uid and gid of the unprivileged user tests run commands as when they run as root. */
    public static final int NOBODY = 65534;

    /** {@code command} as {@link #NOBODY} through setpriv when {@code root}; as it is otherwise (already unprivileged). */
    public static List<String> unprivileged(boolean root, List<String> command) {
        List<String> cmd = new ArrayList<>();
        if (root) cmd.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        cmd.addAll(command);
        return cmd;
    }
}
