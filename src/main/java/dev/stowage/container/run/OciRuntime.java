package dev.stowage.container.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An OCI runtime binary (runc, else crun, from PATH; or the one {@code --runtime} names) and the calls
 * Stowage makes of it. Every call uses the runtime's default state directory ({@code --root}), so that
 * conmon's {@code create} and Stowage's later calls see the same containers.
 */
public final class OciRuntime {
    private final Path binary;

    private OciRuntime(Path binary) {
        this.binary = binary;
    }

    public Path binary() {
        return binary;
    }

    /** {@code explicit} (a path or a name on PATH), else runc, else crun. */
    public static OciRuntime find(String explicit, Map<String, String> env) {
        if (explicit != null && !explicit.isEmpty()) {
            Optional<Path> p = explicit.contains("/") ? Optional.of(Path.of(explicit)).filter(Files::isExecutable) : onPath(explicit, env);
            OciRuntime rt = new OciRuntime(p.orElseThrow(() -> new RunFailure(RunFailure.STOWAGE, "OCI runtime " + explicit + " not found or not executable")));
            String why = rt.brokenBecause();
            if (why != null) throw new RunFailure(RunFailure.STOWAGE, "OCI runtime " + explicit + " does not work: " + why);
            return rt;
        }
        String why = null;
        for (String name : List.of("runc", "crun")) {
            Optional<Path> p = onPath(name, env);
            if (p.isEmpty()) continue;
            OciRuntime rt = new OciRuntime(p.get());
            String broken = rt.brokenBecause();
            if (broken == null) return rt;
            if (why == null) why = p.get() + ": " + broken;
        }
        throw new RunFailure(RunFailure.STOWAGE, why != null ? "no working OCI runtime (" + why + ")"
                : "no OCI runtime found: install runc (apt-get install runc) or crun, or name one with --runtime PATH");
    }

    /** Why {@code <runtime> --version} fails, or null when it answers. */
    private String brokenBecause() {
        try {
            Result r = call(List.of("--version"));
            if (r.code == 0 && !r.out.isBlank()) return null;
            String err = r.err.strip();
            return "'" + binary + " --version' exited with " + r.code + (err.isEmpty() ? "" : ": " + err.lines().findFirst().orElse(""));
        } catch (IOException | RuntimeException e) {
            return e.getMessage();
        }
    }

    public static Optional<Path> onPath(String name, Map<String, String> env) {
        String path = env.getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The runtime's {@code state}: status (created, running, paused, stopped) and pid; empty when it does not know the ID. */
    public Optional<JsonNode> state(String id) throws IOException {
        Result r = call(List.of("state", id));
        if (r.code != 0) return Optional.empty();
        return Optional.of(Json.readTree(r.out));
    }

    public void start(String id) throws IOException {
        check(call(List.of("start", id)));
    }

    public void kill(String id, String signal) throws IOException {
        check(call(List.of("kill", id, signal)));
    }

    public void pause(String id) throws IOException {
        check(call(List.of("pause", id)));
    }

    public void resume(String id) throws IOException {
        check(call(List.of("resume", id)));
    }

    /** {@code resume} that ignores failure (a container that is not paused). */
    public void resume(String id, boolean quiet) throws IOException {
        Result r = call(List.of("resume", id));
        if (!quiet) check(r);
    }

    /** Deletes the runtime's record (SIGKILL first when {@code force}); an unknown ID is fine. */
    public void delete(String id, boolean force) throws IOException {
        call(force ? List.of("delete", "--force", id) : List.of("delete", id));
    }

    /** {@code ps}: the processes of the container, as the host's {@code ps -ef} shows them. */
    public String ps(String id) throws IOException {
        Result r = call(List.of("ps", id));
        check(r);
        return r.out;
    }

    /** The arguments of a foreground {@code exec}. */
    public List<String> execCommand(String id, boolean tty, String user, String cwd, List<String> env, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "exec"));
        if (tty) cmd.add("--tty");
        if (user != null) cmd.addAll(List.of("--user", user));
        if (cwd != null) cmd.addAll(List.of("--cwd", cwd));
        for (String e : env) cmd.addAll(List.of("--env", e));
        cmd.add(id);
        cmd.addAll(args);
        return cmd;
    }

    /** The arguments of a foreground {@code run} whose own errors go, as JSON, to {@code log}. */
    public List<String> runCommand(String id, Path bundle, Path log) {
        return List.of(binary.toString(), "--log", log.toString(), "--log-format", "json", "run", "--bundle", bundle.toString(), id);
    }

    /** The last error a runtime wrote to its JSON log, if any. */
    public static Optional<String> lastError(Path log) {
        try {
            if (!Files.exists(log)) return Optional.empty();
            String found = null;
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                try {
                    JsonNode n = Json.readTree(line);
                    if ("error".equals(n.path("level").asText()) || "fatal".equals(n.path("level").asText())) found = n.path("msg").asText();
                } catch (IOException notJson) {
                    if (!line.isBlank()) found = line.strip();
                }
            }
            return Optional.ofNullable(found);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private record Result(int code, String out, String err) {
    }

    private Result call(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new RunFailure(RunFailure.STOWAGE, "cannot run the OCI runtime " + binary + ": " + e.getMessage());
        }
        try {
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new RunFailure(RunFailure.STOWAGE, binary.getFileName() + " " + args.get(0) + " did not finish in 60 s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    private void check(Result r) {
        if (r.code == 0) return;
        String msg = errorMessage(r.err);
        throw RunFailure.fromRuntime(msg.isEmpty() ? binary.getFileName() + " failed with exit code " + r.code : msg);
    }

    /** The message of a runtime's stderr: its last {@code level=error} logfmt line's {@code msg="…"}, else its last line. */
    public static String errorMessage(String text) {
        List<String> lines = text.strip().lines().toList();
        String m = lines.stream().filter(l -> l.contains("level=error") || l.contains("level=fatal")).reduce((a, b) -> b)
                .orElse(lines.isEmpty() ? "" : lines.get(lines.size() - 1));
        int i = m.indexOf("msg=\"");
        if (i >= 0) {
            m = m.substring(i + 5);
            if (m.endsWith("\"")) m = m.substring(0, m.length() - 1);
            m = m.replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return m.strip();
    }
}
