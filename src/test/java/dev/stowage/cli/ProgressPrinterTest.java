package dev.stowage.cli;

import dev.stowage.progress.LayerProgress;
import dev.stowage.progress.LayerState;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressPrinterTest {
    @Test
    void plainOutputPrintsEachStateChangeOnce() {
        StringWriter out = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(out), false);
        p.onProgress(LayerProgress.of("aaa", LayerState.PREPARING));
        p.onProgress(LayerProgress.of("bbb", LayerState.PREPARING));
        p.onProgress(new LayerProgress("aaa", LayerState.PUSHING, 1, 10, null));
        p.onProgress(new LayerProgress("aaa", LayerState.PUSHING, 5, 10, null));
        p.onProgress(LayerProgress.of("aaa", LayerState.PUSHED));
        p.onProgress(new LayerProgress("bbb", LayerState.MOUNTED, -1, -1, "team/app"));
        assertThat(out.toString()).isEqualTo("aaa: Preparing\nbbb: Preparing\naaa: Pushing\naaa: Pushed\nbbb: Mounted from team/app\n");
    }

    @Test
    void terminalOutputRedrawsTheLayersLineInPlace() {
        StringWriter out = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(out), true);
        p.onProgress(LayerProgress.of("aaa", LayerState.WAITING));
        p.onProgress(LayerProgress.of("bbb", LayerState.WAITING));
        p.onProgress(new LayerProgress("aaa", LayerState.DOWNLOADING, 5_000_000, 10_000_000, null));
        String text = out.toString();
        assertThat(text).contains("\033[2A\r\033[2Kaaa: Downloading [=").contains("5MB/10MB");
    }
}
