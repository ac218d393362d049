package dev.stowage.ui.containers;

import dev.stowage.container.Container;
import dev.stowage.container.Importer;
import dev.stowage.container.run.ContainerStatus;
import dev.stowage.container.run.RunSpec;
import dev.stowage.image.Reference;
import dev.stowage.store.ImageResolver;
import dev.stowage.testing.Busybox;
import dev.stowage.testing.Tools;
import dev.stowage.ui.DesktopHarness;
import dev.stowage.ui.sources.Source;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.stowage.ui.DesktopHarness.click;
import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Running containers from the app on the real runc, conmon and slirp4netns: the Run dialog's spec and command line,
 * a detached busybox httpd with a port answering a GET, stop/start/pause/remove from the Containers page with
 * nothing left running, the Logs tab following, the Terminal button's command, and commit of a running container.
 */
@ExtendWith(ApplicationExtension.class)
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class RunContainersTest {
    private static final int WAIT = 30;
    private static final String IMAGE = "local/busybox:base";

    private DesktopHarness app;
    private ContainersViewModel containers;
    private final List<List<String>> terminals = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory("stowage-run-app-test");
        Path tarball = Busybox.rootfsTarball(dir);
        app = DesktopHarness.app(Locale.ENGLISH, "light")
                .images(store -> {
                    try (InputStream in = Files.newInputStream(tarball)) {
                        new Importer(store).importTarball(in, new Importer.Request(tarball.toString(), List.of("CMD [\"sh\"]"),
                                null, Reference.parse(IMAGE), null));
                    }
                })
                .show(stage, dir);
        containers = app.view.containersViewModel();
        // a terminal emulator that only records what it was asked to run
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path xterm = Files.writeString(bin.resolve("xterm"), "#!/bin/sh\nexit 0\n");
        Files.setAttribute(xterm, "unix:mode", 0755);
        containers.setTerminalLauncher(new TerminalLauncher(java.util.Map.of("PATH", bin.toString()), app.store.root(), terminals::add));
    }

    private void requireRuntime() throws IOException {
        for (String tool : List.of("runc", "conmon", "slirp4netns")) Tools.require(tool);
        Tools.requireRoot("the run tests");
    }

    @AfterEach
    void close() throws IOException {
        app.close(); // rm -f of every container
    }

    private RunDialog openRunDialog(FxRobot robot) {
        RunDialog d = fx(() -> app.actions.run(IMAGE));
        waitUntil(WAIT, () -> robot.lookup("#runDialog").tryQuery().isPresent());
        return d;
    }

    private static void set(FxRobot robot, String id, String text) {
        robot.interact(() -> robot.lookup(id).<javafx.scene.control.TextInputControl>query().setText(text));
    }

    private static String preview(FxRobot robot) {
        return fx(() -> robot.lookup("#runPreview").<Label>query().getText());
    }

    @Test
    void theRunDialogBuildsTheSpecAndShowsTheCommandLine(FxRobot robot) throws IOException {
        RunDialog d = openRunDialog(robot);
        assertThat(preview(robot)).isEqualTo("stowage run -d local/busybox:base");
        robot.clickOn("#runName").write("web");
        set(robot, "#runCommand", "sh -c 'echo \"hi there\" > /x; exec httpd -f'");
        set(robot, "#runEnv", "GREETING=hello world\nMODE=test\n");
        set(robot, "#runPorts", "8080:80\n127.0.0.1:9090:90/udp");
        Path host = Files.createDirectories(app.dir.resolve("shared"));
        set(robot, "#runVolumes", host + ":/data:ro");
        robot.interact(() -> robot.lookup("#runRemove").<CheckBox>query().setSelected(true));

        RunRequest r = fx(d::validate);
        assertThat(r.image()).isEqualTo(IMAGE);
        assertThat(r.name()).isEqualTo("web");
        assertThat(r.terminal()).isFalse();
        assertThat(r.spec()).isEqualTo(new RunSpec(null, List.of("sh", "-c", "echo \"hi there\" > /x; exec httpd -f"),
                List.of("GREETING=hello world", "MODE=test"), null, null, null,
                List.of(new RunSpec.Volume(host.toString(), "/data", true)),
                List.of(new RunSpec.PortForward("0.0.0.0", 8080, 80, "tcp"), new RunSpec.PortForward("127.0.0.1", 9090, 90, "udp")),
                null, false, false, true));
        assertThat(preview(robot)).isEqualTo("stowage run -d --rm --name web -e 'GREETING=hello world' -e MODE=test"
                + " -p 8080:80 -p 127.0.0.1:9090:90/udp -v " + host + ":/data:ro local/busybox:base sh -c"
                + " 'echo \"hi there\" > /x; exec httpd -f'");

        robot.clickOn("#runTerminal");
        assertThat(fx(d::validate).spec().tty()).isTrue();
        assertThat(fx(d::validate).spec().interactive()).isTrue();
        assertThat(preview(robot)).startsWith("stowage run -it --rm --name web ");

        // bad input: one line, and Run stays disabled
        set(robot, "#runPorts", "80");
        assertThat(fx(() -> robot.lookup("#runCheck").<Label>query().getText())).isEqualTo("invalid port specification: \"80\" (expected HOST:CONTAINER)");
        assertThat(fx(() -> robot.lookup("#runOk").<Button>query().isDisable())).isTrue();
        set(robot, "#runPorts", "");
        set(robot, "#runName", "x");
        assertThat(fx(() -> robot.lookup("#runCheck").<Label>query().getText())).startsWith("Invalid container name (x)");
        set(robot, "#runName", "");
        set(robot, "#runCommand", "sh -c 'unclosed");
        assertThat(fx(() -> robot.lookup("#runOk").<Button>query().isDisable())).isTrue();
        assertThat(containers.runner().containers().list()).isEmpty();
    }

    /** On the FX thread (inside waitUntil). */
    private ContainerStatus status(Container c) {
        return containers.statuses().get(c.id());
    }

    private ContainerStatus statusNow(Container c) {
        return fx(() -> status(c));
    }

    private Container runFromDialog(FxRobot robot, String name, String command, String ports) {
        openRunDialog(robot);
        robot.clickOn("#runName").write(name);
        set(robot, "#runCommand", command);
        if (ports != null) set(robot, "#runPorts", ports);
        click(robot, "#runOk");
        // the Containers page shows the new container selected, running
        waitUntil(WAIT, () -> app.view.sourcesViewModel().selectedProperty().get() == Source.CONTAINERS
                && containers.selectedProperty().get() != null && containers.selectedProperty().get().name().equals(name));
        Container c = fx(() -> containers.selectedProperty().get());
        waitUntil(WAIT, () -> containers.statuses().get(c.id()) != null && containers.statuses().get(c.id()).state().equals(ContainerStatus.RUNNING));
        return c;
    }

    /** On the FX thread (inside waitUntil). */
    private static String badge(FxRobot robot) {
        return robot.lookup("#containers").lookup(".state-badge").<Label>query().getText();
    }

    @Test
    void aDetachedHttpdRunsFromTheAppAnswersAndIsStoppedStartedPausedAndRemoved(FxRobot robot) throws Exception {
        requireRuntime();
        int port = freePort();
        Container web = runFromDialog(robot, "web", "sh -c 'mkdir -p /www && echo hello app > /www/index.html && exec httpd -f -h /www'",
                port + ":80");
        assertThat(get(port)).isEqualTo("hello app\n");
        waitUntil(WAIT, () -> badge(robot).startsWith("Up "));
        long pid = statusNow(web).pid();
        assertThat(fx(() -> robot.lookup("#startContainer").queryButton().isDisable())).isTrue();

        // pause shows only while it runs; Unpause while paused
        click(robot, "#pauseContainer");
        waitUntil(WAIT, () -> status(web).state().equals(ContainerStatus.PAUSED));
        waitUntil(WAIT, () -> badge(robot).endsWith("(Paused)"));
        assertThat(fx(() -> robot.lookup("#pauseContainer").query().isVisible())).isFalse();
        click(robot, "#unpauseContainer");
        waitUntil(WAIT, () -> status(web).state().equals(ContainerStatus.RUNNING));

        // the Terminal button: the terminal emulator on stowage exec -it CONTAINER sh, which works on a terminal
        click(robot, "#terminalContainer");
        waitUntil(WAIT, () -> !terminals.isEmpty());
        List<String> opened = terminals.get(0);
        assertThat(opened.subList(0, 2)).containsExactly(app.dir.resolve("bin/xterm").toString(), "-e");
        assertThat(String.join(" ", opened)).endsWith(" --store " + app.store.root() + " exec -it " + web.id() + " sh");
        Tools.require("script");
        List<String> inside = opened.subList(2, opened.size());
        Tools.Result typed = Tools.run(app.dir, "sh", "-c", "printf 'echo typed > /www/t.html; exit 7\\n' | script -qec \"$0\" /dev/null",
                dev.stowage.container.run.ShellWords.join(inside));
        assertThat(typed.exitCode()).as(typed.stdout()).isEqualTo(7);
        assertThat(get(port, "t.html")).isEqualTo("typed\n");

        // httpd as pid 1 ignores SIGTERM: SIGKILL after the 10 s
        click(robot, "#stopContainer");
        waitUntil(WAIT, () -> status(web).state().equals(ContainerStatus.EXITED));
        assertThat(statusNow(web).exitCode()).isEqualTo(137);
        waitUntil(WAIT, () -> badge(robot).matches("Exited \\(137\\) .* ago"));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        click(robot, "#startContainer");
        waitUntil(WAIT, () -> status(web).state().equals(ContainerStatus.RUNNING));
        assertThat(get(port)).isEqualTo("hello app\n");
        long again = statusNow(web).pid();

        click(robot, "#removeContainer");
        robot.clickOn(fx(() -> robot.lookup((javafx.scene.Node n) -> n instanceof javafx.scene.control.DialogPane).queryAll().stream()
                .map(n -> ((javafx.scene.control.DialogPane) n).lookupButton(javafx.scene.control.ButtonType.OK))
                .filter(b -> b != null && b.getScene() != null && b.getScene().getWindow().isShowing()).findFirst().orElseThrow()));
        waitUntil(WAIT, () -> containers.containers().isEmpty());
        assertThat(containers.runner().containers().list()).isEmpty();
        assertThat(ProcessHandle.of(again).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Tools.run(app.dir, "runc", "list", "-q").assertOk().stdout()).doesNotContain(web.id());
    }

    @Test
    void inATerminalTheContainerRunsOnTheTerminalEmulatorAndWithRemoveIsGoneAfter(FxRobot robot) throws Exception {
        requireRuntime();
        Tools.require("script");
        openRunDialog(robot);
        robot.clickOn("#runName").write("shell");
        set(robot, "#runCommand", "sh");
        robot.clickOn("#runTerminal");
        robot.interact(() -> robot.lookup("#runRemove").<CheckBox>query().setSelected(true));
        assertThat(preview(robot)).isEqualTo("stowage run -it --rm --name shell local/busybox:base sh");
        click(robot, "#runOk");
        waitUntil(WAIT, () -> !terminals.isEmpty());
        waitUntil(WAIT, () -> containers.selectedProperty().get() != null && containers.selectedProperty().get().name().equals("shell"));
        Container c = fx(() -> containers.selectedProperty().get());
        waitUntil(WAIT, () -> status(c) != null && status(c).state().equals(ContainerStatus.CREATED));
        List<String> opened = terminals.get(0);
        assertThat(String.join(" ", opened)).endsWith(" --store " + app.store.root() + " start -ai " + c.id());

        // what the terminal emulator runs, on a pty: typed commands reach the container's shell, its exit code comes back
        Tools.Result typed = Tools.run(app.dir, "sh", "-c", "printf 'echo \\044((6*7))\\nexit 5\\n' | script -qec \"$0\" /dev/null",
                dev.stowage.container.run.ShellWords.join(opened.subList(2, opened.size())));
        assertThat(typed.exitCode()).as(typed.stdout() + typed.stderr()).isEqualTo(5);
        assertThat(typed.stdout()).contains("42");
        // removed when it ended; the page notices
        assertThat(containers.runner().containers().list()).isEmpty();
        waitUntil(WAIT, () -> containers.containers().isEmpty());
    }

    @Test
    void theLogsTabShowsTheOutputAndFollowsIt(FxRobot robot) throws Exception {
        requireRuntime();
        Container c = runFromDialog(robot, "talk", "sh -c 'echo first line; sleep 2; echo second line; sleep 1000'", null);
        robot.interact(() -> {
            TabPane tabs = robot.lookup("#containerTabs").query();
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> "logsTab".equals(t.getId())).findFirst().orElseThrow());
        });
        TextArea log = robot.lookup("#containerLog").query();
        waitUntil(WAIT, () -> log.getText().equals("first line\n"));
        // written after the tab opened: followed
        waitUntil(WAIT, () -> log.getText().equals("first line\nsecond line\n"));
        set(robot, "#logSearch", "SECOND");
        assertThat(fx(() -> log.getSelectedText())).isEqualTo("second");
        assertThat(fx(() -> robot.lookup("#logMatches").<Label>query().getText())).isEqualTo("1 matches");
        assertThat(statusNow(c).state()).isEqualTo(ContainerStatus.RUNNING);

        // the Inspect tab: container inspect's JSON
        robot.interact(() -> {
            TabPane tabs = robot.lookup("#containerTabs").query();
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> "inspectTab".equals(t.getId())).findFirst().orElseThrow());
        });
        javafx.scene.control.ListView<String> inspect = robot.lookup("#containerInspect").lookup("#inspect-lines").query();
        waitUntil(WAIT, () -> String.join("\n", inspect.getItems()).matches("(?s).*\"Id\" ?: \"" + c.id() + "\".*"));
        assertThat(fx(() -> String.join("\n", inspect.getItems()))).contains("\"Running\"").contains("\"/talk\"");
    }

    @Test
    void commitOfARunningContainerFromTheAppKeepsItRunning(FxRobot robot) throws Exception {
        requireRuntime();
        // 40 MB to write into the layer: the commit lasts long enough to see the container frozen meanwhile
        Container c = runFromDialog(robot, "maker", "sh -c 'mkdir -p /made && busybox dd if=/dev/urandom of=/made/big bs=1M count=40"
                + " 2>/dev/null && echo data > /made/file; sleep 1000'", null);
        waitUntil(WAIT, () -> Files.exists(c.rootfs().resolve("made/file")));
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                try {
                    seen.add(containers.runner().status(c).state());
                } catch (IOException e) {
                    seen.add(e.toString());
                }
            }
        });
        watcher.start();
        robot.interact(() -> app.actions.commit(c.id()));
        waitUntil(WAIT, () -> robot.lookup("#commitName").tryQuery().isPresent());
        assertThat(fx(() -> robot.lookup("#commitPause").<CheckBox>query().isSelected())).isTrue();
        robot.interact(() -> robot.lookup("#commitName").<TextField>query().setText("made/by-app:1"));
        // enabled once the container list is read and the running container picked
        waitUntil(WAIT, () -> !robot.lookup("#commitOk").query().isDisabled());
        click(robot, "#commitOk");
        // the dialog closes once the commit task is done (the image is published a moment before the container thaws)
        waitUntil(WAIT, () -> robot.lookup("#commitDialog").tryQuery().isEmpty());
        assertThat(ImageResolver.of(app.store).find("made/by-app:1")).isPresent();
        watching.set(false);
        watcher.join();
        assertThat(seen).contains(ContainerStatus.PAUSED); // "Pause while committing", on by default
        assertThat(containers.runner().status(c).state()).isEqualTo(ContainerStatus.RUNNING);
        // the new image holds the change: a container of it finds the file
        Container check = containers.runner().containers().create("made/by-app:1", "check");
        assertThat(Files.readString(check.rootfs().resolve("made/file"))).isEqualTo("data\n");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** An HTTP GET of 127.0.0.1:PORT, tried for a few seconds while the server comes up. */
    private static String get(int port) throws Exception {
        return get(port, "");
    }

    private static String get(int port, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        IOException last = null;
        for (int i = 0; i < 50; i++) {
            try {
                return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + path)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }
}
