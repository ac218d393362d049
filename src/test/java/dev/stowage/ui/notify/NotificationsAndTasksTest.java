package dev.stowage.ui.notify;

import dev.stowage.testing.LayeredImages;
import dev.stowage.ui.DesktopHarness;
import dev.stowage.ui.tasks.TasksPanel;
import dev.stowage.ui.tasks.TrackedTask;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One model for what the window tells: notifications that stack (successes fade, failures stay until closed, with
 * their causes in words behind Details), and the tasks panel with every running and recent task, Cancel, and a
 * failed task's error.
 */
@ExtendWith(ApplicationExtension.class)
class NotificationsAndTasksTest {
    private static final int WAIT = 20;
    private DesktopHarness app;

    @Start
    void start(Stage stage) throws IOException {
        NotificationStack.setFadeAfter(Duration.millis(600));
        app = DesktopHarness.app(Locale.ENGLISH, "light")
                .images(store -> LayeredImages.load(store, "demo:1", new LayeredImages.Layer("ADD / /").file("a.txt", 100, 'a')))
                .show(stage, Files.createTempDirectory("stowage-notify"));
    }

    @AfterEach
    void close() throws IOException {
        NotificationStack.setFadeAfter(Duration.seconds(5));
        app.close();
    }

    private static List<Node> notices(FxRobot robot) {
        return fx(() -> List.copyOf(robot.lookup("." + NotificationStack.NOTICE).queryAll()));
    }

    /** True when {@code lower} lies wholly under {@code upper} (shadows aside). */
    private static boolean below(Node upper, Node lower) {
        return upper.localToScene(upper.getLayoutBounds()).getMaxY() <= lower.localToScene(lower.getLayoutBounds()).getMinY();
    }

    private static String text(Node notice) {
        return fx(() -> ((Label) notice.lookup("." + NotificationStack.TEXT)).getText());
    }

    @Test
    void notificationsStackSuccessesFadeFailuresStayUntilClosed(FxRobot robot) {
        app.waitForRows(1);
        robot.interact(() -> {
            app.vm.notifications().shown().clear();
            app.vm.inform("Tagged demo:2");
            app.vm.fail("Cannot push demo:1: connection refused", new IOException("connection refused"));
            app.vm.inform("Exported demo.tar");
        });
        List<Node> shown = notices(robot);
        assertThat(shown).hasSize(3);
        assertThat(shown.stream().map(NotificationsAndTasksTest::text).toList())
                .containsExactly("Tagged demo:2", "Cannot push demo:1: connection refused", "Exported demo.tar");
        // stacked: one above the other, newest at the bottom, none covering another
        waitUntil(WAIT, () -> below(shown.get(0), shown.get(1)) && below(shown.get(1), shown.get(2)));
        // the successes fade; the failure stays
        waitUntil(WAIT, () -> notices(robot).size() == 1);
        Node failure = notices(robot).get(0);
        assertThat(text(failure)).startsWith("Cannot push");
        assertThat(fx(() -> failure.getStyleClass())).contains("danger");
        robot.sleep(1500);
        assertThat(notices(robot)).hasSize(1);
        // until closed
        robot.clickOn(fx(() -> failure.lookup("." + NotificationStack.CLOSE)));
        waitUntil(WAIT, () -> notices(robot).isEmpty());
        assertThat(fx(() -> app.vm.notifications().shown().isEmpty())).isTrue();
    }

    @Test
    void aFailureOpensItsCausesInWords(FxRobot robot) {
        app.waitForRows(1);
        IOException error = new IOException("cannot reach registry.example",
                new java.net.ConnectException("Connection refused (registry.example:443)"));
        robot.interact(() -> app.vm.fail("Cannot push demo:1: cannot reach registry.example", error));
        Node failure = notices(robot).stream().filter(n -> text(n).startsWith("Cannot push")).findFirst().orElseThrow();
        robot.clickOn(fx(() -> failure.lookup("." + NotificationStack.DETAILS)));
        waitUntil(WAIT, () -> robot.lookup("#errorDialog").tryQuery().isPresent());
        DialogPane pane = robot.lookup("#errorDialog").query();
        assertThat(fx(pane::getHeaderText)).isEqualTo("Cannot push demo:1: cannot reach registry.example");
        assertThat(fx(() -> ((TextArea) pane.lookup("#errorDetail")).getText()))
                .contains("Connection refused (registry.example:443)").doesNotContain("\tat ");
        robot.interact(() -> ((Button) pane.lookupButton(javafx.scene.control.ButtonType.OK)).fire());
    }

    /** A task that runs until released or cancelled, with some progress. */
    private static Task<Void> blocking(String title, CountDownLatch release) {
        return new Task<>() {
            {
                updateTitle(title);
            }

            @Override
            protected Void call() throws Exception {
                updateProgress(1, 4);
                updateMessage("halfway there");
                while (!isCancelled() && !release.await(20, TimeUnit.MILLISECONDS)) {
                    // waits
                }
                return null;
            }
        };
    }

    @Test
    void theTasksPanelListsSeveralTasksWithCancelAndAFailedOnesError(FxRobot robot) throws Exception {
        app.waitForRows(1);
        waitUntil(WAIT, () -> app.vm.tasks().runningCount().get() == 0);
        CountDownLatch release = new CountDownLatch(1);
        Task<Void> push = blocking("Pushing demo:1", release);
        Task<Void> pull = blocking("Pulling busybox", release);
        Task<Void> broken = new Task<>() {
            {
                updateTitle("Exporting to /nowhere/demo.tar");
            }

            @Override
            protected Void call() throws IOException {
                throw new java.nio.file.NoSuchFileException("/nowhere/demo.tar");
            }
        };
        robot.interact(() -> List.of(push, pull, broken).forEach(t -> {
            app.vm.watch(t);
            Thread thread = new Thread(t, "test-task");
            thread.setDaemon(true);
            thread.start();
        }));
        waitUntil(WAIT, () -> broken.getState() == Worker.State.FAILED);
        // the status bar counts the running ones and opens the panel
        waitUntil(WAIT, () -> robot.lookup("#tasksButton").<ToggleButton>query().getText().equals("2 tasks running"));
        robot.clickOn("#tasksButton");
        waitUntil(WAIT, () -> robot.lookup("#" + TasksPanel.ID).tryQuery().isPresent());
        // notifications keep clear of the open panel
        robot.interact(() -> app.vm.fail("Cannot export demo:1", null));
        Node panel = robot.lookup("#" + TasksPanel.ID).query();
        waitUntil(WAIT, () -> notices(robot).stream().allMatch(n -> n.localToScene(n.getLayoutBounds()).getMaxX()
                <= panel.localToScene(panel.getLayoutBounds()).getMinX()));
        List<Node> rows = fx(() -> List.copyOf(robot.lookup("." + TasksPanel.ROW).queryAll()));
        List<Task<?>> listed = fx(() -> rows.stream().map(r -> ((TrackedTask) r.getUserData()).task()).<Task<?>>map(t -> t).toList());
        assertThat(listed).contains(push, pull, broken);
        Node brokenRow = rows.get(listed.indexOf(broken));
        Node pushRow = rows.get(listed.indexOf(push));
        Node pullRow = rows.get(listed.indexOf(pull));
        // the failed one: its error in one line, no Cancel
        assertThat(fx(() -> ((Label) brokenRow.lookup(".task-error")).getText())).contains("/nowhere/demo.tar").doesNotContain("\n");
        assertThat(fx(() -> brokenRow.lookup(".task-cancel").isVisible())).isFalse();
        // the running ones: progress and Cancel
        assertThat(fx(() -> ((javafx.scene.control.ProgressBar) pushRow.lookup(".progress-bar")).getProgress())).isEqualTo(0.25);
        robot.clickOn(fx(() -> pushRow.lookup(".task-cancel")));
        waitUntil(WAIT, () -> push.getState() == Worker.State.CANCELLED);
        assertThat(fx(pull::getState)).isEqualTo(Worker.State.RUNNING);
        waitUntil(WAIT, () -> robot.lookup("#tasksButton").<ToggleButton>query().getText().equals("1 task running"));
        assertThat(fx(() -> ((Label) pushRow.lookup(".task-message")).getText())).isEqualTo("Cancelled");
        release.countDown();
        waitUntil(WAIT, () -> pull.getState() == Worker.State.SUCCEEDED);
        assertThat(fx(() -> ((Label) pullRow.lookup(".task-message")).getText())).isEqualTo("Done");
        // finished tasks stay listed until cleared
        robot.clickOn("#clearFinishedTasks");
        waitUntil(WAIT, () -> robot.lookup("." + TasksPanel.ROW).queryAll().stream()
                .noneMatch(r -> List.of(push, pull, broken).contains(((TrackedTask) r.getUserData()).task())));
    }

    @Test
    void storeWorkFailingInTheBackgroundIsANotificationAndATaskError(FxRobot robot) throws IOException {
        app.waitForRows(1);
        Path bad = app.dir.resolve("broken.tar");
        Files.writeString(bad, "this is not a tar archive");
        robot.interact(() -> app.vm.importFiles(List.of(bad)));
        waitUntil(WAIT, () -> notices(robot).stream().anyMatch(n -> text(n).startsWith("Cannot import broken.tar")));
        TrackedTask failed = fx(() -> app.vm.tasks().tasks().stream().filter(t -> t.errorProperty().get() != null).findFirst().orElseThrow());
        assertThat(fx(() -> failed.task().getTitle())).isEqualTo("Importing broken.tar");
        assertThat(fx(() -> failed.errorProperty().get())).isNotBlank().doesNotContain("\n");
        // the old status-bar error line is gone: nothing red stays in the status bar
        assertThat(robot.lookup("#statusBar .error-message").tryQuery()).isEmpty();
    }
}
