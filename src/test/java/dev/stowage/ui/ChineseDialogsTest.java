package dev.stowage.ui;

import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import dev.stowage.testing.Tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** In zh-CN the welcome pane and the dialogs speak Chinese; a failed task's error opens with its details. */
@ExtendWith(ApplicationExtension.class)
class ChineseDialogsTest {
    private DesktopHarness app;

    @Start
    void start(Stage stage) throws IOException {
        app = new DesktopHarness(stage, Files.createTempDirectory("stowage-zh-dialogs"), Locale.forLanguageTag("zh-CN"), "light");
    }

    @AfterEach
    void close() throws IOException {
        app.close();
    }

    @Test
    void welcomeAndDialogsAreChinese(FxRobot robot) {
        app.waitForRows(0);
        waitUntil(10, () -> robot.lookup("欢迎使用 Stowage").tryQuery().isPresent());
        assertThat(fx(() -> robot.lookup("#welcomePull").queryButton().getText())).isEqualTo("拉取…");
        robot.interact(() -> app.actions.login(null));
        waitUntil(10, () -> robot.lookup("#loginDialog").tryQuery().isPresent());
        assertThat(fx(() -> robot.lookup("#loginTestButton").queryButton().getText())).isEqualTo("测试");
        assertThat(fx(() -> robot.lookup("#loginOk").queryButton().getText())).isEqualTo("登录");
        waitUntil(10, () -> robot.lookup("#loginStorage").<Label>query().getText().startsWith("警告！"));
        // JavaFX's own buttons speak Chinese too
        DialogPane login = robot.lookup("#loginDialog").query();
        assertThat(fx(() -> ((Button) login.lookupButton(javafx.scene.control.ButtonType.CANCEL)).getText())).isEqualTo("取消");
        robot.interact(() -> login.getScene().getWindow().hide());
    }

    @Test
    void boldHeadersAreBoldInChineseAsInLatin(FxRobot robot) {
        Tools.requireFont(AppFonts.CJK_FAMILIES[0], "fonts-noto-cjk");
        var alert = fx(() -> dev.stowage.ui.dialogs.ErrorDialog.show(null, app.vm.messages(), "无法推送 registry.example.com/app:1",
                new IOException("拒绝 refused")));
        DialogPane pane = alert.getDialogPane();
        // dialogs and the main window in one CJK font that has a bold face: bold headers are bold in Chinese too
        assertThat(fx(() -> ((Label) pane.lookup(".header-panel .label")).getFont().getFamily())).isEqualTo(AppFonts.CJK_FAMILIES[0]);
        javafx.scene.text.Font key = fx(() -> ((Label) app.view.root().lookup(".detail-key")).getFont());
        assertThat(key.getFamily()).isEqualTo(AppFonts.CJK_FAMILIES[0]);
        assertThat(key.getStyle()).containsIgnoringCase("bold");
        // "Show Details" is Chinese
        assertThat(fx(() -> ((javafx.scene.control.Hyperlink) pane.lookup(".details-button")).getText())).isEqualTo("显示详细信息");
        assertThat(fx(() -> ((Button) pane.lookupButton(javafx.scene.control.ButtonType.OK)).getText())).isEqualTo("确定");
        robot.interact(alert::close);
    }

    @Test
    void aFailedImportOpensItsDetails(FxRobot robot) throws IOException {
        app.waitForRows(0);
        Path bad = app.dir.resolve("broken.tar");
        Files.writeString(bad, "this is not a tar archive");
        robot.interact(() -> app.vm.importFiles(List.of(bad)));
        waitUntil(20, () -> robot.lookup(".notice.danger .notice-text").tryQuery().isPresent());
        assertThat(fx(() -> robot.lookup(".notice.danger .notice-text").<Label>query().getText())).startsWith("无法导入 broken.tar");
        // drawn over the window's content, the notification still has the CJK font (no missing glyphs)
        Tools.requireFont(AppFonts.CJK_FAMILIES[0], "fonts-noto-cjk");
        assertThat(fx(() -> robot.lookup(".notice.danger .notice-text").<Label>query().getFont().getFamily())).isEqualTo(AppFonts.CJK_FAMILIES[0]);
        robot.clickOn(".notice.danger .notice-details");
        waitUntil(10, () -> robot.lookup("#errorDialog").tryQuery().isPresent());
        DialogPane pane = robot.lookup("#errorDialog").query();
        assertThat(fx(pane::getHeaderText)).startsWith("无法导入 broken.tar");
        assertThat(fx(pane::getContentText)).doesNotContain("\n").isNotBlank();
        // the details are the causes in words; the stack trace goes only to the clipboard, for a bug report
        assertThat(fx(() -> ((TextArea) pane.lookup("#errorDetail")).getText())).doesNotContain("\tat ", "Exception").isNotBlank();
        robot.interact(() -> ((Button) pane.lookup("#errorCopyDiagnostics")).fire());
        assertThat(fx(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString())).contains("\tat ").contains("stowage ");
        assertThat(fx(() -> ((Label) pane.lookup("#errorCopied")).getText())).isNotBlank();
        robot.interact(() -> ((Button) pane.lookupButton(javafx.scene.control.ButtonType.OK)).fire());
    }
}
