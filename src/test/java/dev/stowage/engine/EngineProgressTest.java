package dev.stowage.engine;

import dev.stowage.progress.LayerProgress;
import dev.stowage.progress.LayerState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Docker's push and pull message streams (jsonmessage, as the Engine API documents and dockerd sends them;
 * no Docker engine runs in the tests, Podman's own stream is covered by EngineRegistryTest) mapped onto the
 * per-layer progress model.
 */
class EngineProgressTest {
    private static List<LayerProgress> run(String stream, EngineProgress[] out, boolean push) throws Exception {
        List<LayerProgress> events = new ArrayList<>();
        EngineProgress progress = new EngineProgress(events::add, push);
        JsonMessages.forEach(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), "docker", progress);
        out[0] = progress;
        return events;
    }

    @Test
    void dockerPush() throws Exception {
        String stream = """
                {"status":"The push refers to repository [localhost:5000/app]"}
                {"status":"Preparing","progressDetail":{},"id":"5f70bf18a086"}
                {"status":"Preparing","progressDetail":{},"id":"a1b2c3d4e5f6"}
                {"status":"Waiting","progressDetail":{},"id":"a1b2c3d4e5f6"}
                {"status":"Pushing","progressDetail":{"current":512,"total":2048},"progress":"[====>   ]","id":"5f70bf18a086"}
                {"status":"Pushed","progressDetail":{},"id":"5f70bf18a086"}
                {"status":"Mounted from library/base","progressDetail":{},"id":"a1b2c3d4e5f6"}
                {"status":"1: digest: sha256:%s size: 739"}
                {"progressDetail":{},"aux":{"Tag":"1","Digest":"sha256:%s","Size":739}}
                """.formatted("a".repeat(64), "a".repeat(64));
        EngineProgress[] p = new EngineProgress[1];
        List<LayerProgress> events = run(stream, p, true);
        assertThat(events).containsExactly(
                new LayerProgress("5f70bf18a086", LayerState.PREPARING, -1, -1, null),
                new LayerProgress("a1b2c3d4e5f6", LayerState.PREPARING, -1, -1, null),
                new LayerProgress("a1b2c3d4e5f6", LayerState.WAITING, -1, -1, null),
                new LayerProgress("5f70bf18a086", LayerState.PUSHING, 512, 2048, null),
                new LayerProgress("5f70bf18a086", LayerState.PUSHED, -1, -1, null),
                new LayerProgress("a1b2c3d4e5f6", LayerState.MOUNTED, -1, -1, "library/base"));
        assertThat(p[0].digest()).isEqualTo("sha256:" + "a".repeat(64));
        assertThat(p[0].size()).isEqualTo(739);
    }

    @Test
    void dockerPull() throws Exception {
        String stream = """
                {"status":"Pulling from library/app","id":"1"}
                {"status":"Already exists","progressDetail":{},"id":"0000000000aa"}
                {"status":"Pulling fs layer","progressDetail":{},"id":"0000000000bb"}
                {"status":"Downloading","progressDetail":{"current":100,"total":300},"id":"0000000000bb"}
                {"status":"Verifying Checksum","progressDetail":{},"id":"0000000000bb"}
                {"status":"Download complete","progressDetail":{},"id":"0000000000bb"}
                {"status":"Extracting","progressDetail":{"current":300,"total":300},"id":"0000000000bb"}
                {"status":"Pull complete","progressDetail":{},"id":"0000000000bb"}
                {"status":"Digest: sha256:%s"}
                {"status":"Status: Downloaded newer image for app:1"}
                """.formatted("b".repeat(64));
        EngineProgress[] p = new EngineProgress[1];
        List<LayerProgress> events = run(stream, p, false);
        assertThat(events).extracting(LayerProgress::state).containsExactly(LayerState.ALREADY_EXISTS, LayerState.WAITING,
                LayerState.DOWNLOADING, LayerState.VERIFYING, LayerState.VERIFYING, LayerState.EXTRACTING, LayerState.PULL_COMPLETE);
        assertThat(events.get(2).current()).isEqualTo(100);
        assertThat(p[0].digest()).isEqualTo("sha256:" + "b".repeat(64));
        assertThat(p[0].status()).isEqualTo("Downloaded newer image for app:1");
    }

    @Test
    void anErrorInTheStreamEndsItWithOneLine() {
        String stream = """
                {"status":"Preparing","progressDetail":{},"id":"5f70bf18a086"}
                {"errorDetail":{"message":"denied: requested access\\nto the resource is denied"},"error":"denied: requested access to the resource is denied"}
                {"status":"Pushed","progressDetail":{},"id":"5f70bf18a086"}
                """;
        assertThatThrownBy(() -> run(stream, new EngineProgress[1], true))
                .isInstanceOf(EngineException.class)
                .hasMessage("docker: denied: requested access to the resource is denied");
    }

    @Test
    void podmanLines() throws Exception {
        String a = "c".repeat(64);
        String b = "d".repeat(64);
        String stream = """
                {"stream":"Getting image source signatures\\n"}
                {"stream":"Copying blob sha256:%s\\n"}
                {"stream":"Copying blob %s skipped: already exists\\n"}
                {"stream":"Copying config sha256:%s\\n"}
                {"stream":"Writing manifest to image destination\\n"}
                """.formatted(a, b, "e".repeat(64));
        List<LayerProgress> events = run(stream, new EngineProgress[1], true);
        assertThat(events).containsExactly(LayerProgress.of("cccccccccccc", LayerState.PUSHING),
                LayerProgress.of("dddddddddddd", LayerState.ALREADY_EXISTS), LayerProgress.of("cccccccccccc", LayerState.PUSHED));
    }
}
