package dev.stowage.layer;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.ImageConfig.HistoryEntry;
import dev.stowage.image.MediaTypes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryStepsTest {
    private static Descriptor layer(String content) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        return new Descriptor(MediaTypes.OCI_LAYER, Digest.sha256(b), b.length);
    }

    @Test
    void stepsAreNewestFirstAndOnlyNonEmptyStepsGetALayer() {
        Descriptor base = layer("base");
        Descriptor app = layer("app");
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        List<HistoryEntry> history = List.of(
                new HistoryEntry(t, "ADD rootfs.tar /", null, null, false),
                new HistoryEntry(t, "ENV A=1", null, null, true),
                new HistoryEntry(t, "COPY app /app", null, "built", false),
                new HistoryEntry(t, "CMD [\"/app\"]", null, null, true));
        List<HistorySteps.Step> steps = HistorySteps.newestFirst(history, List.of(base, app));
        assertThat(steps).extracting(HistorySteps.Step::createdBy)
                .containsExactly("CMD [\"/app\"]", "COPY app /app", "ENV A=1", "ADD rootfs.tar /");
        assertThat(steps).extracting(HistorySteps.Step::layer).containsExactly(null, app, null, base);
        assertThat(steps).extracting(HistorySteps.Step::emptyLayer).containsExactly(true, false, true, false);
        assertThat(steps.get(1).comment()).isEqualTo("built");
    }

    @Test
    void withoutHistoryEachLayerIsAStep() {
        Descriptor base = layer("base");
        Descriptor app = layer("app");
        assertThat(HistorySteps.newestFirst(List.of(), List.of(base, app))).extracting(HistorySteps.Step::layer)
                .containsExactly(app, base);
    }
}
