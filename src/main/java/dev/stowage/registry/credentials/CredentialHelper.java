package dev.stowage.registry.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.error.ErrorText;
import dev.stowage.image.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A client of the docker credential helper protocol ({@code docker-credential-<name> get|store|erase|list}):
 * {@code get} and {@code erase} take the server URL on stdin, {@code store} takes
 * {@code {"ServerURL","Username","Secret"}}; {@code get} prints the same object, {@code list} prints
 * {@code {serverURL: username}}. A helper that does not know a server exits non-zero saying
 * "credentials not found". Processes are killed after a timeout; secrets never reach a message.
 */
public final class CredentialHelper {
    public static final String PREFIX = "docker-credential-";
    /** The user name with which helpers mark the secret as an identity token. */
    public static final String TOKEN_USERNAME = "<token>";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
    private static final int MAX_OUTPUT = 1 << 20;

    private final String name;
    private final Path executable;
    private final Map<String, String> environment;
    private final Duration timeout;

    /**
     * @param environment variables set for the helper on top of this process's environment
     */
    public CredentialHelper(String name, Path executable, Map<String, String> environment, Duration timeout) {
        this.name = name;
        this.executable = executable;
        this.environment = environment == null ? Map.of() : Map.copyOf(environment);
        this.timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    /** Whether {@code name} can name a helper ({@code desktop}, {@code ecr-login}, {@code desktop.exe}); no paths. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** {@code docker-credential-<name>} in the first directory of {@code searchPath} that has it executable. */
    public static Optional<Path> find(String name, List<Path> searchPath) {
        if (!isValidName(name)) return Optional.empty();
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        List<String> candidates = windows
                ? List.of(PREFIX + name + ".exe", PREFIX + name + ".cmd", PREFIX + name + ".bat", PREFIX + name)
                : List.of(PREFIX + name);
        for (Path dir : searchPath) {
            for (String candidate : candidates) {
                Path p = dir.resolve(candidate);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public String name() {
        return name;
    }

    public Path executable() {
        return executable;
    }

    /** The credential the helper holds for a server URL; empty when it has none. */
    public Optional<Credential> get(String serverUrl) {
        Result r = run("get", (serverUrl + "\n").getBytes(StandardCharsets.UTF_8), serverUrl, null);
        if (r.exit != 0) {
            if (r.notFound()) return Optional.empty();
            throw r.failure(null);
        }
        JsonNode node;
        try {
            node = Json.readTree(r.stdout);
        } catch (IOException e) {
            throw new CredentialException(describe("get", serverUrl) + " printed something that is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new CredentialException(describe("get", serverUrl) + " printed something that is not a JSON object");
        }
        String username = Json.text(node, "Username");
        String secret = Json.text(node, "Secret");
        if (secret == null || secret.isEmpty()) return Optional.empty();
        if (TOKEN_USERNAME.equals(username)) return Optional.of(new Credential(TOKEN_USERNAME, secret, true));
        return Optional.of(new Credential(username == null ? "" : username, secret, false));
    }

    /** Stores a credential; an identity token is stored with user name {@code <token>}. */
    public void store(String serverUrl, Credential credential) {
        ObjectNode payload = Json.object();
        payload.put("ServerURL", serverUrl);
        payload.put("Username", credential.identityToken() ? TOKEN_USERNAME
                : credential.username() == null ? "" : credential.username());
        payload.put("Secret", credential.secret());
        Result r = run("store", Json.bytes(payload), serverUrl, credential.secret());
        if (r.exit != 0) throw r.failure(credential.secret());
    }

    /** Erases a server's credential; false when the helper had none. */
    public boolean erase(String serverUrl) {
        Result r = run("erase", (serverUrl + "\n").getBytes(StandardCharsets.UTF_8), serverUrl, null);
        if (r.exit == 0) return true;
        if (r.notFound()) return false;
        throw r.failure(null);
    }

    /** Server URL → user name of every credential the helper holds. */
    public Map<String, String> list() {
        Result r = run("list", new byte[0], null, null);
        if (r.exit != 0) throw r.failure(null);
        JsonNode node;
        try {
            node = Json.readTree(r.stdout);
        } catch (IOException e) {
            throw new CredentialException(describe("list", null) + " printed something that is not JSON");
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull() || node.isMissingNode()) return out;
        if (!node.isObject()) throw new CredentialException(describe("list", null) + " printed something that is not a JSON object");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : "");
        }
        return out;
    }

    private String describe(String action, String serverUrl) {
        return "credential helper " + PREFIX + name + " " + action + (serverUrl == null ? "" : " for " + serverUrl);
    }

    private Result run(String action, byte[] input, String serverUrl, String secret) {
        ProcessBuilder pb = new ProcessBuilder(executable.toString(), action);
        pb.environment().putAll(environment);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new CredentialException("cannot run " + describe(action, serverUrl) + ": "
                    + ErrorText.firstLine(String.valueOf(e.getMessage())), e);
        }
        Drain out = new Drain(process.getInputStream());
        Drain err = new Drain(process.getErrorStream());
        out.start();
        err.start();
        // fed from its own thread so that a helper that never reads cannot block us past the timeout
        Thread feeder = new Thread(() -> {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input);
            } catch (IOException ignored) {
                // the helper exited or closed stdin without reading: its exit status tells the rest
            }
        }, "credential-helper-input");
        feeder.setDaemon(true);
        feeder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new CredentialException(describe(action, serverUrl) + " timed out after "
                        + human(timeout) + " and was killed");
            }
            out.join(5000);
            err.join(5000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CredentialException(describe(action, serverUrl) + " was interrupted", e);
        }
        return new Result(action, serverUrl, process.exitValue(), out.bytes(), err.bytes());
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    private final class Result {
        final String action;
        final String serverUrl;
        final int exit;
        final byte[] stdout;
        final byte[] stderr;

        Result(String action, String serverUrl, int exit, byte[] stdout, byte[] stderr) {
            this.action = action;
            this.serverUrl = serverUrl;
            this.exit = exit;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        boolean notFound() {
            String all = (new String(stdout, StandardCharsets.UTF_8) + "\n" + new String(stderr, StandardCharsets.UTF_8))
                    .toLowerCase(Locale.ROOT);
            return all.contains("credentials not found");
        }

        CredentialException failure(String secret) {
            // helpers report errors on stdout (docker reads only that); stderr when stdout is silent
            String detail = firstNonBlankLine(new String(stdout, StandardCharsets.UTF_8));
            if (detail.isEmpty()) detail = firstNonBlankLine(new String(stderr, StandardCharsets.UTF_8));
            if (secret != null && !secret.isEmpty()) detail = detail.replace(secret, "<hidden>");
            detail = detail.replaceAll("\\p{Cntrl}", " ");
            if (detail.length() > 200) detail = detail.substring(0, 200) + "…";
            return new CredentialException(describe(action, serverUrl) + " failed (exit " + exit + ")"
                    + (detail.isEmpty() ? "" : ": " + detail));
        }

        private String firstNonBlankLine(String s) {
            for (String line : s.split("\\R")) {
                if (!line.isBlank()) return line.strip();
            }
            return "";
        }
    }

    /** Reads a stream to its end on a daemon thread, keeping at most {@link #MAX_OUTPUT} bytes. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Drain(InputStream in) {
            super("credential-helper-output");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    synchronized (buf) {
                        int room = MAX_OUTPUT - buf.size();
                        if (room > 0) buf.write(chunk, 0, Math.min(n, room));
                    }
                }
            } catch (IOException ignored) {
                // the process went away; keep what was read
            }
        }

        byte[] bytes() {
            synchronized (buf) {
                return buf.toByteArray();
            }
        }
    }

    @Override
    public String toString() {
        return "CredentialHelper[" + PREFIX + name + " at " + executable + "]";
    }
}
