package dev.stowage.testing;

import dev.stowage.cli.StowageCli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the stowage CLI in-process against one store, capturing its output. */
public final class Cli {
    private final Path store;
    private final Map<String, String> extraEnv;

    public Cli(Path store) {
        this(store, Map.of());
    }

    public Cli(Path store, Map<String, String> extraEnv) {
        this.store = store;
        this.extraEnv = Map.copyOf(extraEnv);
    }

    /** The same store with more environment variables (HOME, DOCKER_CONFIG, PATH, …). */
    public Cli withEnv(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(extraEnv);
        all.putAll(env);
        return new Cli(store, all);
    }

    /**
     * Variables that give a test its own HOME, DOCKER_CONFIG, XDG_CONFIG_HOME and XDG_RUNTIME_DIR below {@code dir},
     * so that no login or setting of the user's leaks in; a mutable map, to add to.
     */
    public static Map<String, String> isolatedEnv(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.resolve("home").toString());
        env.put("DOCKER_CONFIG", dir.resolve("home/.docker").toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("home/.config").toString());
        env.put("XDG_RUNTIME_DIR", dir.resolve("run").toString());
        return env;
    }

    /** Runs a command that must succeed: a non-zero exit fails the test, showing the command and its stderr. */
    public Run ok(String... args) {
        Run run = run(args);
        org.assertj.core.api.Assertions.assertThat(run.exitCode()).as("%s: %s", String.join(" ", args), run.err()).isZero();
        return run;
    }

    public Path store() {
        return store;
    }

    /** The outcome of one invocation. {@code binary} holds what was written to standard output as bytes. */
    public record Run(int exitCode, String out, String err, byte[] binary) {
    }

    public Run run(String... args) {
        return runWithInput(new ByteArrayInputStream(new byte[0]), args);
    }

    public Run runWithInput(InputStream in, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("STOWAGE_STORE");
        env.putAll(extraEnv);
        List<String> all = new ArrayList<>(List.of("--store", store.toString()));
        all.addAll(List.of(args));
        int code = StowageCli.run(new StowageCli.Context(in, binary, new PrintWriter(out), new PrintWriter(err), env),
                all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString(), binary.toByteArray());
    }
}
