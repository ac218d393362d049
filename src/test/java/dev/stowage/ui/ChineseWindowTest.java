package dev.stowage.ui;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The zh-CN locale shows Chinese labels; an empty store shows the "how to get images in" placeholder. */
@ExtendWith(ApplicationExtension.class)
class ChineseWindowTest {
    private DesktopHarness app;

    @Start
    void start(Stage stage) throws IOException {
        app = DesktopHarness.window(Locale.forLanguageTag("zh-CN")).show(stage, Files.createTempDirectory("stowage-ui-zh"));
    }

    @AfterEach
    void close() throws IOException {
        app.close();
    }

    @Test
    void labelsAreChinese(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        // Remove is an icon: its words are its tooltip
        String remove = WaitForAsyncUtils.asyncFx(() -> robot.lookup("#remove").queryAs(Button.class).getTooltip().getText()).get(5, TimeUnit.SECONDS);
        String importText = WaitForAsyncUtils.asyncFx(() -> robot.lookup("#import").queryAs(Button.class).getText()).get(5, TimeUnit.SECONDS);
        String count = WaitForAsyncUtils.asyncFx(() -> robot.lookup("#count").queryAs(Label.class).getText()).get(5, TimeUnit.SECONDS);
        assertThat(remove).isEqualTo("删除所选镜像（Delete）");
        assertThat(importText).isEqualTo("导入…");
        // the sidebar's first two sources
        assertThat(robot.lookup("#sources").lookup("本地镜像").tryQuery()).isPresent();
        assertThat(robot.lookup("#sources").lookup("容器").tryQuery()).isPresent();
        assertThat(count).isEqualTo("没有镜像");
        assertThat(robot.lookup("还没有镜像：将镜像归档（.tar、.tar.gz、.tgz、.tar.zst）拖放到这里，或使用“导入…”").tryQuery()).isPresent();
    }
}
