package dev.stowage.container.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.container.Container;
import dev.stowage.container.ContainerException;
import dev.stowage.container.Containers;
import dev.stowage.image.ImageConfig;
import dev.stowage.image.Json;
import dev.stowage.store.Store;
import dev.stowage.util.FileOps;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the store's working containers on an OCI runtime. A container's directory gains {@code run.json}
 * (what run asked for), {@code bundle/config.json} (rebuilt at every start), {@code etc/} (hosts, hostname,
 * resolv.conf), {@code started.json} (when it last started), {@code exit/<id>} (its exit code once it ended)
 * and {@code container.log}.
 * <p>
 * Detached and attached-without-stdin containers run under conmon, which stays after Stowage exits: it runs
 * the runtime's {@code create}, holds the container's stdio, writes the log and the exit code, and runs
 * {@code on-exit.sh} (runtime delete, network release, {@code --rm}) when the container ends. Stowage then
 * calls the runtime's {@code start}. With {@code -i} or {@code -t} the runtime's foreground {@code run}
 * gets the caller's terminal and Stowage waits for it.
 */
public final class ContainerRunner {
    static final String RUN_FILE = "run.json";
    static final String STARTED_FILE = "started.json";

    private final Store store;
    private final Containers containers;
    private final Map<String, String> env;
    private final String runtimeOption;
    private OciRuntime runtime;

    public ContainerRunner(Store store, Map<String, String> env, String runtimeOption) {
        this.store = store;
        this.containers = new Containers(store);
        this.env = env;
        this.runtimeOption = runtimeOption;
    }

    public Containers containers() {
        return containers;
    }

    public OciRuntime runtime() {
        if (runtime == null) runtime = OciRuntime.find(runtimeOption, env);
        return runtime;
    }

    static boolean root() {
        return "0".equals(uid());
    }

    private static String uid() {
        try {
            return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            return "-1";
        }
    }

    private Path runDir() {
        if (root()) return Path.of("/run/stowage");
        String xdg = env.get("XDG_RUNTIME_DIR");
        return xdg != null && !xdg.isEmpty() ? Path.of(xdg, "stowage") : Path.of("/tmp", "stowage-" + uid());
    }

    Network network(Container c) {
        return new Network(c.dir(), c.id(), runDir());
    }

    Path exitFile(Container c) {
        return c.dir().resolve("exit").resolve(c.id());
    }

    public Path logFile(Container c) {
        return c.dir().resolve("container.log");
    }

    // ---- create and start

    /**
     * {@code run}'s checks and create: the image, name, ports, bind-mount sources, the command and the user are
     * checked first; a container that cannot start is removed again, so a refused run leaves nothing behind.
     */
    public Container create(String image, String name, RunSpec spec) throws IOException {
        runtime();
        Network.checkPortsFree(spec.ports());
        for (RunSpec.Volume v : spec.volumes()) {
            if (!Files.exists(Path.of(v.host()))) {
                throw new RunFailure(RunFailure.STOWAGE, "invalid mount config for type \"bind\": bind source path does not exist: " + v.host());
            }
        }
        Container c = containers.create(image, name);
        try {
            JsonNode config = imageConfig(c);
            RuntimeConfig.command(config, spec);
            UserLookup.resolve(c.rootfs(), spec.user() != null ? spec.user() : Json.text(config, "User"));
            ObjectNode run = Json.object();
            run.set("Spec", spec.toJson());
            run.put("Runtime", runtime().binary().toString());
            FileOps.writeAtomically(c.dir().resolve(RUN_FILE), Json.bytes(run));
            return c;
        } catch (IOException | RuntimeException e) {
            removeQuietly(c, e);
            throw e;
        }
    }

    /** Removes a container a failed run made, keeping the first failure. */
    public void removeQuietly(Container c, Exception cause) {
        try {
            forceRemove(c);
        } catch (IOException | RuntimeException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    public RunSpec spec(Container c) throws IOException {
        Path f = c.dir().resolve(RUN_FILE);
        if (!Files.exists(f)) return new RunSpec(null, List.of(), List.of(), null, null, null, List.of(), List.of(), null, false, false, false);
        return RunSpec.fromJson(Json.readTree(Files.readAllBytes(f)).path("Spec"));
    }

    /** What the container runs: Entrypoint + Cmd as run set them (empty when there is none). */
    public List<String> command(Container c) throws IOException {
        try {
            return RuntimeConfig.command(imageConfig(c), spec(c));
        } catch (RunFailure none) {
            return List.of();
        }
    }

    private static JsonNode imageConfig(Container c) throws IOException {
        JsonNode config = ImageConfig.parse(Files.readAllBytes(c.configFile())).runtimeConfig();
        return config == null ? Json.object() : config;
    }

    /** Writes the bundle and the etc files, and makes the network namespace; returns the network for the config. */
    private RuntimeConfig.Network prepare(Container c, RunSpec spec) throws IOException {
        JsonNode image = imageConfig(c);
        String hostname = RuntimeConfig.hostname(spec, c.id());
        Path etc = c.dir().resolve("etc");
        Network.writeEtcFiles(etc, spec.network(), hostname);
        UserLookup.ExecUser user = UserLookup.resolve(c.rootfs(), spec.user() != null ? spec.user() : Json.text(image, "User"));
        RuntimeConfig.Network net;
        if (spec.network().equals("host")) net = new RuntimeConfig.Network(true, null);
        else if (spec.network().equals(RunSpec.PRIVATE) && root()) net = new RuntimeConfig.Network(false, network(c).createNamespace());
        else net = new RuntimeConfig.Network(false, null);
        boolean rootless = !root();
        ObjectNode config = RuntimeConfig.build(image, spec, c.id(), c.rootfs(), etc, net, user, rootless, c.uid(), c.gid());
        Path bundle = c.dir().resolve("bundle");
        Files.createDirectories(bundle);
        FileOps.writeAtomically(bundle.resolve("config.json"), Json.bytes(config));
        Files.createDirectories(exitFile(c).getParent());
        Files.deleteIfExists(exitFile(c));
        ContainerLog.keepForNextStart(logFile(c));
        return net;
    }

    private void clearLeftovers(Container c) throws IOException {
        ContainerStatus s = status(c);
        if (s.active()) throw new RunFailure(RunFailure.STOWAGE, "container " + c.shortId() + " is already running");
        runtime().delete(c.id(), true);
        network(c).release();
    }

    /**
     * Starts a container under conmon and returns once the runtime has started it. A runtime failure is the
     * runtime's own message; what was set up for it is taken down again.
     */
    public void startDetached(Container c) throws IOException {
        startDetached(c, true);
    }

    /** {@code removeOnExit} false: a --rm container is removed by the caller that attached (its log is read first). */
    public void startDetached(Container c, boolean removeOnExit) throws IOException {
        RunSpec spec = spec(c);
        clearLeftovers(c);
        RuntimeConfig.Network net = prepare(c, spec);
        Path conmon = OciRuntime.onPath("conmon", env).orElseThrow(() ->
                new RunFailure(RunFailure.STOWAGE, "conmon not found: install it (apt-get install conmon)"));
        Path onExit = c.dir().resolve("on-exit.sh");
        Files.writeString(onExit, exitScript(c, spec.autoRemove() && removeOnExit));
        Path sync = c.dir().resolve("sync.fifo");
        Files.deleteIfExists(sync);
        Processes.mkfifo(sync);
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$0\" \"$@\" 3>\"$STOWAGE_SYNC\"", conmon.toString(),
                "--api-version", "1", "-c", c.id(), "-u", c.id(), "-n", c.name(), "-b", c.dir().resolve("bundle").toString(),
                "-r", runtime().binary().toString(), "-p", c.dir().resolve("pidfile").toString(),
                "-P", c.dir().resolve("conmon.pid").toString(), "-l", "k8s-file:" + logFile(c),
                "--exit-dir", exitFile(c).getParent().toString(), "--socket-dir-path", runDir().toString(),
                "--exit-command", "/bin/sh", "--exit-command-arg", onExit.toString()));
        if (spec.tty()) cmd.add("-t");
        Files.createDirectories(runDir());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(c.dir().resolve("conmon.err").toFile());
        pb.environment().put("_OCI_SYNCPIPE", "3");
        pb.environment().put("STOWAGE_SYNC", sync.toString());
        pb.environment().remove("_OCI_STARTPIPE");
        pb.start();
        JsonNode answer;
        try (InputStream in = Files.newInputStream(sync)) {
            // one line {"data": PID[, "message": "…"]}; conmon keeps the pipe open afterwards
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') line.write(b);
            answer = line.size() == 0 ? null : Json.readTree(line.toString(StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(sync);
        }
        try {
            if (answer == null) {
                String why = Network.lastLine(c.dir().resolve("conmon.err"));
                throw new RunFailure(RunFailure.STOWAGE, "conmon failed" + (why.isEmpty() ? "" : ": " + why));
            }
            long pid = answer.path("data").asLong(-1);
            if (pid <= 0) throw RunFailure.fromRuntime(OciRuntime.errorMessage(answer.path("message").asText("the runtime failed to create the container")));
            if (spec.network().equals(RunSpec.PRIVATE)) network(c).start(net.namespacePath(), pid, spec.ports(), env);
            markStarted(c);
            try {
                runtime().start(c.id());
            } catch (RunFailure e) {
                // a container that ended at once can be gone before the runtime's start returns
                if (!Files.exists(exitFile(c))) throw e;
            }
        } catch (IOException | RuntimeException e) {
            try {
                runtime().delete(c.id(), true);
                network(c).release();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            Files.deleteIfExists(c.dir().resolve(STARTED_FILE));
            throw e;
        }
    }

    private String exitScript(Container c, boolean remove) {
        StringBuilder s = new StringBuilder("#!/bin/sh\n# run by conmon when the container has exited\n");
        s.append(network(c).releaseScript());
        if (remove) {
            // the runtime's record goes with the container (a later start or rm deletes it otherwise)
            s.append("'").append(runtime().binary()).append("' delete --force ").append(c.id()).append(" >/dev/null 2>&1\n");
            Path gone = c.dir().resolveSibling(".removing-" + c.id());
            s.append("mv '").append(c.dir()).append("' '").append(gone).append("' && rm -rf '").append(gone).append("'\n");
        }
        return s.toString();
    }

    private void markStarted(Container c) throws IOException {
        FileOps.writeAtomically(c.dir().resolve(STARTED_FILE), Json.bytes(Json.object().put("StartedAt", Instant.now().toString())));
    }

    /**
     * Runs the container in the foreground on the caller's terminal ({@code -i}/{@code -t}): the runtime's
     * {@code run} inherits stdin, stdout and stderr (with a terminal, the runtime's own messages go to its
     * log). Returns the container's exit code.
     */
    public int runForeground(Container c) throws IOException {
        RunSpec spec = spec(c);
        clearLeftovers(c);
        RuntimeConfig.Network net = prepare(c, spec);
        Path runtimeLog = c.dir().resolve("runtime.log");
        Files.deleteIfExists(runtimeLog);
        Thread slirp = null;
        int code;
        try {
            if (spec.network().equals(RunSpec.PRIVATE) && net.namespacePath() != null) network(c).start(net.namespacePath(), 0, spec.ports(), env);
            markStarted(c);
            ProcessBuilder pb = new ProcessBuilder(runtime().runCommand(c.id(), c.dir().resolve("bundle"), runtimeLog)).inheritIO();
            if (spec.tty()) pb.redirectError(c.dir().resolve("runtime.err").toFile());
            if (!spec.interactive()) pb.redirectInput(new File("/dev/null"));
            Process p = pb.start();
            if (spec.network().equals(RunSpec.PRIVATE) && net.namespacePath() == null) slirp = attachSlirpLater(c, spec);
            code = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        } finally {
            if (slirp != null) slirp.interrupt();
            try {
                runtime().delete(c.id(), true);
            } finally {
                network(c).release();
            }
        }
        Optional<String> error = OciRuntime.lastError(runtimeLog);
        if (code != 0 && error.isPresent() && error.get().contains("failed")) {
            Files.deleteIfExists(c.dir().resolve(STARTED_FILE));
            throw RunFailure.fromRuntime(error.get());
        }
        Files.writeString(exitFile(c), Integer.toString(code));
        return code;
    }

    /** Not root, the runtime makes the namespace: slirp4netns joins it once the container's first process exists. */
    private Thread attachSlirpLater(Container c, RunSpec spec) {
        Thread t = new Thread(() -> {
            try {
                for (int i = 0; i < 500 && !Thread.currentThread().isInterrupted(); i++) {
                    Optional<JsonNode> st = runtime().state(c.id());
                    long pid = st.map(s -> s.path("pid").asLong()).orElse(0L);
                    if (pid > 0) {
                        network(c).start(null, pid, spec.ports(), env);
                        return;
                    }
                    Thread.sleep(10);
                }
            } catch (Exception ignored) {
                // the container ran without outbound network
            }
        }, "slirp4netns");
        t.setDaemon(true);
        t.start();
        return t;
    }

    // ---- state

    public ContainerStatus status(Container c) throws IOException {
        Path started = c.dir().resolve(STARTED_FILE);
        if (!Files.exists(started)) return new ContainerStatus(ContainerStatus.CREATED, 0, null, null, 0);
        Instant startedAt = Instant.parse(Json.readTree(Files.readAllBytes(started)).path("StartedAt").asText());
        Optional<ContainerStatus> ended = ended(c, startedAt);
        if (ended.isPresent()) return ended.get();
        Optional<JsonNode> st = runtimeState(c);
        if (st.isPresent()) {
            String s = st.get().path("status").asText();
            long pid = st.get().path("pid").asLong();
            if (s.equals("paused")) return new ContainerStatus(ContainerStatus.PAUSED, 0, startedAt, null, pid);
            if (s.equals("running") || s.equals("created")) return new ContainerStatus(ContainerStatus.RUNNING, 0, startedAt, null, pid);
        }
        // stopped: conmon writes the exit code a moment later
        for (int i = 0; i < 40; i++) {
            Network.sleep(25);
            ended = ended(c, startedAt);
            if (ended.isPresent()) return ended.get();
        }
        // no exit code: the monitor was killed or the machine restarted (docker shows 255 then)
        return new ContainerStatus(ContainerStatus.EXITED, 255, startedAt, startedAt, 0);
    }

    private Optional<JsonNode> runtimeState(Container c) throws IOException {
        try {
            return runtime().state(c.id());
        } catch (RunFailure noRuntime) {
            return Optional.empty();
        }
    }

    private Optional<ContainerStatus> ended(Container c, Instant startedAt) throws IOException {
        Path f = exitFile(c);
        if (!Files.exists(f)) return Optional.empty();
        String text = Files.readString(f).strip();
        int code;
        try {
            code = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return Optional.empty(); // being written
        }
        return Optional.of(new ContainerStatus(ContainerStatus.EXITED, code, startedAt, Files.getLastModifiedTime(f).toInstant(), 0));
    }

    private ContainerStatus requireActive(Container c) throws IOException {
        ContainerStatus s = status(c);
        if (!s.active()) throw new ContainerException("Container " + c.id() + " is not running");
        return s;
    }

    // ---- operations on a running container

    /** Sends the stop signal, waits {@code timeoutSeconds} (negative: for ever), then SIGKILL; waits for the exit. */
    public void stop(Container c, int timeoutSeconds) throws IOException {
        ContainerStatus s = status(c);
        if (!s.active()) return;
        String signal = Optional.ofNullable(Json.text(imageConfig(c), "StopSignal")).orElse("SIGTERM");
        signal(c, signal);
        if (s.state().equals(ContainerStatus.PAUSED)) runtime().resume(c.id());
        if (waitForExit(c, timeoutSeconds < 0 ? Long.MAX_VALUE : timeoutSeconds * 1000L)) return;
        signal(c, "KILL");
        waitForExit(c, 30_000);
    }

    private void signal(Container c, String signal) throws IOException {
        try {
            runtime().kill(c.id(), signal);
        } catch (RunFailure gone) {
            if (status(c).active()) throw gone;
        }
    }

    public void kill(Container c, String signal) throws IOException {
        requireActive(c);
        runtime().kill(c.id(), signal == null || signal.isEmpty() ? "KILL" : signal);
    }

    public void pause(Container c) throws IOException {
        ContainerStatus s = requireActive(c);
        if (s.state().equals(ContainerStatus.PAUSED)) throw new ContainerException("Container " + c.id() + " is already paused");
        runtime().pause(c.id());
    }

    public void unpause(Container c) throws IOException {
        if (!status(c).state().equals(ContainerStatus.PAUSED)) throw new ContainerException("Container " + c.id() + " is not paused");
        runtime().resume(c.id());
    }

    /** Runs {@code action} with the container frozen when it is running ({@code commit -p}). */
    public <T> T whilePaused(Container c, IoSupplier<T> action) throws IOException {
        boolean freeze = status(c).state().equals(ContainerStatus.RUNNING);
        if (freeze) runtime().pause(c.id());
        try {
            return action.get();
        } finally {
            if (freeze) runtime().resume(c.id());
        }
    }

    public interface IoSupplier<T> {
        T get() throws IOException;
    }

    /** Waits until the container has exited; false when {@code millis} passed first. */
    public boolean waitForExit(Container c, long millis) throws IOException {
        long deadline = millis == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + millis;
        while (status(c).active()) {
            if (System.currentTimeMillis() > deadline) return false;
            Network.sleep(50);
        }
        return true;
    }

    /**
     * Whether output may still come: the container runs, or its conmon is still there (it may write the
     * last output after the exit code).
     */
    public boolean producing(Container c) throws IOException {
        return status(c).active() || Processes.alive(Processes.readPid(c.dir().resolve("conmon.pid")));
    }

    public String top(Container c) throws IOException {
        requireActive(c);
        return runtime().ps(c.id());
    }

    /** The foreground {@code exec} of a command in a running container, on the caller's stdio; its exit code. */
    public int exec(Container c, boolean tty, boolean interactive, String user, String workdir, List<String> envValues,
                    List<String> args) throws IOException {
        requireActive(c);
        String resolvedUser = null;
        if (user != null) {
            UserLookup.ExecUser u = UserLookup.resolve(c.rootfs(), user);
            resolvedUser = u.uid() + ":" + u.gid();
        }
        ProcessBuilder pb = new ProcessBuilder(runtime().execCommand(c.id(), tty, resolvedUser, workdir, envValues, args)).inheritIO();
        if (!interactive) pb.redirectInput(new File("/dev/null"));
        try {
            return pb.start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    // ---- removal

    /**
     * {@code rmi}: an image a running container uses is not removed (even with -f, as docker refuses), unless
     * the name is one of several tags of it (then only that tag goes).
     */
    public void checkImageRemovable(String text) throws IOException {
        Optional<dev.stowage.store.LocalImage> image = dev.stowage.store.ImageResolver.of(store).find(text);
        if (image.isEmpty()) return;
        boolean onlyUntag = image.get().names().size() > 1 && !image.get().id().toString().contains(text);
        if (onlyUntag) return;
        for (Container c : containers.list()) {
            if (c.imageId().equals(image.get().id()) && status(c).active()) {
                throw new ContainerException("conflict: unable to delete " + image.get().id().shortHex()
                        + " (cannot be forced) - image is being used by running container " + c.shortId());
            }
        }
    }

    /** {@code rm}: a running container only with {@code force} (then killed first, nothing left running). */
    public void remove(Container c, boolean force) throws IOException {
        if (!force && status(c).active()) {
            throw new ContainerException("You cannot remove a running container " + c.id()
                    + ". Stop the container before attempting removal or force remove");
        }
        forceRemove(c);
    }

    private void forceRemove(Container c) throws IOException {
        // a bundle: it was (being) started, perhaps by a stowage killed half-way; the runtime may know it
        if (Files.exists(c.dir().resolve("bundle"))) {
            if (status(c).active()) {
                try {
                    runtime().kill(c.id(), "KILL");
                } catch (RunFailure ignored) {
                    // it ended meanwhile
                }
                runtime().resume(c.id(), true);
                waitForExit(c, 10_000);
            }
            runtime().delete(c.id(), true);
            Processes.stop(c.dir().resolve("conmon.pid"));
        }
        network(c).release();
        containers.remove(c);
    }
}
