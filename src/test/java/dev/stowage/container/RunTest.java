package dev.stowage.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Json;
import dev.stowage.testing.Cli;
import dev.stowage.testing.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.stowage.container.ContainerCommandsTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Containers run on the real runc, with conmon as monitor and slirp4netns as network: the tutorial end to
 * end (run, commit -p, run -d -p, an HTTP GET, stop, logs, rm), a terminal session through a pty, docker's
 * states and exit codes, bad input leaving nothing behind, and what of the host a container sees.
 */
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class RunTest {
    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        for (String tool : List.of("runc", "conmon", "slirp4netns", "script")) Tools.require(tool);
        Tools.requireRoot("the run tests");
        cli = new Cli(dir.resolve("store"));
        ok(cli, "import", "-c", "CMD [\"sh\"]", TutorialTest.busyboxTarball(dir).toString(), "local/busybox:base");
    }

    /** Nothing may stay running after a test: every container is removed with -f. */
    @AfterEach
    void removeAll() {
        if (cli == null) return;
        for (String id : cli.run("ps", "-aq").out().lines().toList()) cli.run("rm", "-f", id);
    }

    @Test
    void tutorialEndToEnd() throws Exception {
        Cli.Run first = cli.run("run", "--name", "b1", "local/busybox:base", "sh", "-c",
                "mkdir -p /data/www && echo hello docker > /data/www/index.html");
        assertThat(first.exitCode()).as(first.err()).isZero();
        // what the runtime mounted over (/etc/hosts, hostname, resolv.conf, /proc, /sys, /dev) is no change
        assertThat(ok(cli, "diff", "b1").out()).isEqualTo("A /data\nA /data/www\nA /data/www/index.html\n");
        assertThat(ok(cli, "ps").out().lines()).hasSize(1); // exited: hidden without -a
        assertThat(ok(cli, "ps", "-a").out()).containsPattern("Exited \\(0\\) .* ago +b1");

        String image = ok(cli, "commit", "-a", "larry.yu<larry.yu@gamil.com>", "-c", "CMD [\"/bin/httpd\",\"-f\",\"-h\",\"/data/www\"]",
                "-p", "b1", "yull/bbox_http:v0.2").out().strip();
        assertThat(image).matches("sha256:[0-9a-f]{64}");
        JsonNode inspect = Json.parseAny(ok(cli, "inspect", "yull/bbox_http:v0.2").out().getBytes(StandardCharsets.UTF_8), "inspect").get(0);
        assertThat(inspect.path("Author").asText()).isEqualTo("larry.yu<larry.yu@gamil.com>");
        assertThat(inspect.path("RootFS").path("Layers")).hasSize(2);

        int port = freePort();
        String id = ok(cli, "run", "-d", "--name", "b4", "-p", port + ":80", "yull/bbox_http:v0.2").out().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(get(port)).isEqualTo("hello docker\n");
        assertThat(ok(cli, "ps").out()).containsPattern(id.substring(0, 12) + " +yull/bbox_http:v0.2 +\"/bin/httpd -f -h /d…\" .* Up .* b4");
        assertThat(ok(cli, "top", "b4").out()).contains("/bin/httpd -f -h /data/www");
        assertThat(cli.run("rmi", "yull/bbox_http:v0.2").err()).contains("image is being used by running container " + id.substring(0, 12));

        // commit -p of the running container: frozen while the layer is written, running again after
        ok(cli, "exec", "b4", "sh", "-c", "echo more > /data/www/more.html");
        ok(cli, "commit", "b4", "yull/bbox_http:v0.3");
        assertThat(state("b4")).isEqualTo("running");
        assertThat(get(port)).isEqualTo("hello docker\n");

        ok(cli, "pause", "b4");
        assertThat(ok(cli, "ps").out()).contains("(Paused)");
        ok(cli, "unpause", "b4");
        assertThat(state("b4")).isEqualTo("running");

        assertThat(ok(cli, "stop", "-t", "1", "b4").out()).isEqualTo("b4\n");
        assertThat(ok(cli, "ps", "-a").out()).containsPattern("Exited \\(137\\) .* ago +b4"); // httpd as pid 1 ignores SIGTERM
        assertThat(ok(cli, "wait", "b4").out()).isEqualTo("137\n");
        assertThat(ok(cli, "logs", "b4").exitCode()).isZero();
        ok(cli, "start", "b4");
        assertThat(get(port)).isEqualTo("hello docker\n");
        ok(cli, "rm", "-f", "b4");
        ok(cli, "rm", "b1");
        assertThat(ok(cli, "ps", "-aq").out()).isEmpty();
        assertThat(hostProcessesOf(id)).isEmpty();
    }

    @Test
    void logsAttachAndStates() throws Exception {
        Cli.Run attached = cli.run("run", "--name", "talk", "local/busybox:base", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(attached.exitCode()).as(attached.err()).isEqualTo(3);
        assertThat(attached.out()).isEqualTo("out\n");
        assertThat(attached.err()).isEqualTo("err\n");
        assertThat(ok(cli, "logs", "talk").out()).isEqualTo("out\n");
        assertThat(ok(cli, "logs", "-t", "talk").out()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z out\n");
        Cli.Run again = cli.run("start", "-a", "talk");
        assertThat(again.exitCode()).isEqualTo(3);
        assertThat(again.out()).isEqualTo("out\n"); // only this start's output
        Cli.Run tail = ok(cli, "logs", "--tail", "1", "talk");
        assertThat(tail.out() + "|" + tail.err()).isEqualTo("|err\n"); // the last line of either stream
        assertThat(ok(cli, "logs", "talk").out()).isEqualTo("out\nout\n");

        ok(cli, "run", "-d", "--name", "counter", "-e", "GREETING=hi there", "-w", "/etc", "-h", "box", "local/busybox:base",
                "sh", "-c", "trap 'exit 42' TERM; echo \"$GREETING $(pwd) $(hostname)\"; sleep 1000 & wait");
        assertThat(waitForLog("counter")).isEqualTo("hi there /etc box\n");
        assertThat(ok(cli, "kill", "-s", "TERM", "counter").out()).isEqualTo("counter\n");
        assertThat(ok(cli, "wait", "counter").out()).isEqualTo("42\n"); // its TERM trap ran
        ok(cli, "restart", "counter");
        assertThat(state("counter")).isEqualTo("running");

        Cli.Run busy = cli.run("rm", "counter");
        assertThat(busy.exitCode()).isEqualTo(1);
        assertThat(busy.err()).startsWith("Error: You cannot remove a running container ");
        long pid = pid("counter");
        ok(cli, "rm", "-f", "counter");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Tools.run(dir, "runc", "list", "-q").assertOk().stdout()).doesNotContain(pid + "");

        ok(cli, "run", "--rm", "--name", "gone", "local/busybox:base", "sh", "-c", "exit 0");
        assertThat(ok(cli, "ps", "-aq").out()).doesNotContain("gone");
        assertThat(cli.run("ps", "-a").out()).doesNotContain("gone");
    }

    @Test
    void interactiveThroughAPty() throws Exception {
        List<String> stowage = Tools.stowageProcess(dir.resolve("store"), "run", "-it", "--name", "tty1", "local/busybox:base", "sh");
        String line = String.join(" ", stowage.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", line, "/dev/null").redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().write("echo typed > /typed.txt; tty\nexit 7\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertThat(p.exitValue()).as(out).isEqualTo(7);
        assertThat(out).contains("/dev/pts/0");
        assertThat(ok(cli, "diff", "tty1").out()).isEqualTo("A /typed.txt\n");
        assertThat(ok(cli, "ps", "-a").out()).containsPattern("Exited \\(7\\) .* tty1");
    }

    @Test
    void badInputIsOneLineWithDockersExitCodeAndLeavesNothing() throws Exception {
        ok(cli, "create", "--name", "taken", "local/busybox:base");
        Path containers = dir.resolve("store/containers");
        long before = count(containers);
        expect(125, "Error: No such image: nope:1", "run", "nope:1", "sh");
        expect(125, "Error: Conflict. The container name \"/taken\" is already in use", "run", "--name", "taken", "local/busybox:base", "sh");
        try (ServerSocket busy = new ServerSocket(0)) {
            expect(125, "Error: Bind for 0.0.0.0:" + busy.getLocalPort() + " failed: port is already allocated",
                    "run", "-d", "-p", busy.getLocalPort() + ":80", "local/busybox:base", "sh");
        }
        expect(125, "Error: invalid mount config for type \"bind\": bind source path does not exist: /no/such/dir",
                "run", "-v", "/no/such/dir:/x", "local/busybox:base", "sh");
        expect(125, "Error: unable to find user nobody: no matching entries in passwd file", "run", "-u", "nobody", "local/busybox:base", "sh");
        expect(127, "Error: runc create failed: unable to start container process: exec: \"nosuch\": executable file not found in $PATH",
                "run", "local/busybox:base", "nosuch");
        expect(126, "Error: runc create failed: unable to start container process: exec: \"/etc/passwd\": permission denied",
                "run", "local/busybox:base", "/etc/passwd");
        expect(125, "Error: OCI runtime /bin/false does not work: '/bin/false --version' exited with 1",
                "--runtime", "/bin/false", "run", "local/busybox:base", "sh");
        expect(125, "Error: OCI runtime nosuchruntime not found or not executable", "--runtime", "nosuchruntime", "run", "local/busybox:base", "sh");
        expect(125, "Error: No such container: nope", "start", "nope");
        expect(125, "Error: network bridge2 not found", "run", "--network", "bridge2", "local/busybox:base", "sh");
        assertThat(count(containers)).isEqualTo(before);
        assertThat(hostProcessesOf(dir.toString())).isEmpty();
    }

    @Test
    void theHostIsHiddenExceptWhatIsBoundIn() throws Exception {
        Path secret = Files.createDirectories(dir.resolve("host-secret"));
        Files.writeString(secret.resolve("file.txt"), "from the host");
        String probe = "ls /; cat /proc/1/cmdline | tr '\\0' ' '; echo; test -e " + secret + " && echo HOST-VISIBLE;"
                + " cat /mnt/file.txt; echo; echo x > /mnt/new 2>/dev/null || echo read-only; busybox ip -o link | busybox wc -l";
        Cli.Run run = cli.run("run", "--rm", "-v", secret + ":/mnt:ro", "local/busybox:base", "sh", "-c", probe);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).doesNotContain("HOST-VISIBLE");
        assertThat(run.out().lines().toList()).startsWith("bin", "dev", "etc", "mnt", "proc", "sys");
        assertThat(run.out()).contains("sh -c ").contains("from the host").contains("read-only");
        assertThat(run.out().strip()).endsWith("2"); // lo and tap0: its own network namespace
        assertThat(secret.resolve("new")).doesNotExist();

        Cli.Run none = cli.run("run", "--rm", "--network", "none", "local/busybox:base", "sh", "-c", "busybox ip -o link | busybox wc -l");
        assertThat(none.out().strip()).isEqualTo("1");
        Cli.Run host = cli.run("run", "--rm", "--network", "host", "local/busybox:base", "sh", "-c", "busybox ip -o link | busybox wc -l");
        assertThat(Integer.parseInt(host.out().strip())).isEqualTo(
                Tools.run(dir, "sh", "-c", "ip -o link | wc -l").assertOk().stdout().strip().isEmpty() ? -1
                        : Integer.parseInt(Tools.run(dir, "sh", "-c", "ip -o link | wc -l").stdout().strip()));
    }

    private void expect(int code, String errorStart, String... args) {
        Cli.Run run = cli.run(args);
        assertThat(run.exitCode()).as("%s: %s", String.join(" ", args), run.err()).isEqualTo(code);
        assertThat(run.err()).startsWith(errorStart);
        assertThat(run.err().lines()).hasSize(1);
    }

    private static long count(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    private String state(String name) {
        return inspectContainer(name).path("State").path("Status").asText();
    }

    private long pid(String name) {
        return inspectContainer(name).path("State").path("Pid").asLong();
    }

    private JsonNode inspectContainer(String name) {
        return Json.parseAny(ok(cli, "container", "inspect", name).out().getBytes(StandardCharsets.UTF_8), "inspect").get(0);
    }

    private String waitForLog(String name) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            String out = ok(cli, "logs", name).out();
            if (!out.isEmpty()) return out;
            Thread.sleep(50);
        }
        return "";
    }

    /** Processes on the host whose command line mentions {@code text} (a container ID or the test directory). */
    private static List<String> hostProcessesOf(String text) {
        List<String> found = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(h -> h.info().commandLine().ifPresent(c -> {
            if (c.contains(text) && h.pid() != ProcessHandle.current().pid()) found.add(h.pid() + " " + c);
        }));
        return found;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String get(int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Exception last = null;
        for (int i = 0; i < 50; i++) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return r.body();
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no answer on port " + port, last);
    }
}
