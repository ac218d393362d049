package dev.stowage.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.progress.LayerProgress;
import dev.stowage.progress.LayerState;
import dev.stowage.progress.ProgressListener;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps an engine's push or pull messages onto the per-layer progress model the registry commands use, so
 * one printer (and one dialog) serves both.
 * <ul>
 * <li>Docker: one JSON message per layer event, {@code {"id": short, "status": "Pushing",
 * "progressDetail": {"current", "total"}}}; statuses map one to one ({@code Pulling fs layer} is Waiting,
 * {@code Download complete} is Verifying). {@code aux.Digest}, {@code Digest: …} and
 * {@code TAG: digest: … size: N} give the result.</li>
 * <li>Podman ({@code /libpod} push and pull): text lines {@code Copying blob sha256:…} (the blob starts),
 * {@code … skipped: already exists}, {@code … done}, and {@code Copying config} / {@code Writing manifest},
 * after which every started blob is complete (containers/image copies the config after all layers).</li>
 * </ul>
 */
final class EngineProgress implements Consumer<JsonNode> {
    private static final Pattern COPYING_BLOB = Pattern.compile("Copying blob (?:sha256:)?([0-9a-f]{12,64})(.*)");
    private static final Pattern PUSHED_DIGEST = Pattern.compile("(?:.*: )?digest: (sha256:[0-9a-f]{64}) size: (\\d+)");
    private static final Pattern DIGEST_LINE = Pattern.compile("Digest: (sha256:[0-9a-f]{64})");

    private final ProgressListener listener;
    private final boolean push;
    private final Set<String> open = new LinkedHashSet<>();
    private String digest;
    private long size = -1;
    private String status;
    private String imageId;

    EngineProgress(ProgressListener listener, boolean push) {
        this.listener = listener;
        this.push = push;
    }

    String digest() {
        return digest;
    }

    long size() {
        return size;
    }

    /** Docker's closing line of a pull ({@code Status: Downloaded newer image for …}), or null. */
    String status() {
        return status;
    }

    /** The image ID Podman reports after a pull, or null. */
    String imageId() {
        return imageId;
    }

    @Override
    public void accept(JsonNode m) {
        JsonNode aux = m.path("aux");
        if (aux.hasNonNull("Digest")) digest = aux.get("Digest").asText();
        if (aux.hasNonNull("Size")) size = aux.get("Size").asLong();
        if (m.hasNonNull("id") && m.hasNonNull("images")) imageId = m.get("id").asText();
        if (m.hasNonNull("stream")) {
            m.get("stream").asText().lines().forEach(this::podmanLine);
            return;
        }
        String s = m.path("status").asText("");
        if (s.isEmpty()) return;
        String id = m.path("id").asText("");
        if (id.isEmpty() || s.startsWith("Digest: ") || s.startsWith("Status: ")) {
            resultLine(s);
            return;
        }
        LayerState state = dockerState(s);
        if (state == null) return;
        JsonNode detail = m.path("progressDetail");
        long current = detail.path("current").asLong(-1);
        long total = detail.path("total").asLong(-1);
        String extra = state == LayerState.MOUNTED ? s.substring("Mounted from".length()).trim() : null;
        listener.onProgress(new LayerProgress(id, state, current, total, extra));
    }

    private void resultLine(String s) {
        Matcher d = DIGEST_LINE.matcher(s);
        Matcher p = PUSHED_DIGEST.matcher(s);
        if (d.matches()) digest = d.group(1);
        else if (p.matches()) {
            digest = p.group(1);
            size = Long.parseLong(p.group(2));
        } else if (s.startsWith("Status: ")) status = s.substring("Status: ".length());
    }

    private LayerState dockerState(String s) {
        if (s.startsWith("Mounted from")) return LayerState.MOUNTED;
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "preparing" -> LayerState.PREPARING;
            case "waiting", "pulling fs layer" -> LayerState.WAITING;
            case "pushing" -> LayerState.PUSHING;
            case "pushed" -> LayerState.PUSHED;
            case "layer already exists", "already exists" -> LayerState.ALREADY_EXISTS;
            case "downloading" -> LayerState.DOWNLOADING;
            case "verifying checksum", "download complete" -> LayerState.VERIFYING;
            case "extracting" -> LayerState.EXTRACTING;
            case "pull complete" -> LayerState.PULL_COMPLETE;
            default -> null;
        };
    }

    private void podmanLine(String line) {
        String l = line.strip();
        Matcher b = COPYING_BLOB.matcher(l);
        if (b.matches()) {
            String id = b.group(1).substring(0, 12);
            String rest = b.group(2).toLowerCase(Locale.ROOT);
            if (rest.contains("skipped") || rest.contains("already exists")) {
                open.remove(id);
                listener.onProgress(LayerProgress.of(id, LayerState.ALREADY_EXISTS));
            } else if (rest.contains("done")) {
                complete(id);
            } else if (open.add(id)) {
                listener.onProgress(LayerProgress.of(id, push ? LayerState.PUSHING : LayerState.DOWNLOADING));
            }
        } else if (l.startsWith("Copying config") || l.startsWith("Writing manifest")) {
            for (String id : new java.util.ArrayList<>(open)) complete(id);
        } else {
            resultLine(l);
        }
    }

    private void complete(String id) {
        if (open.remove(id)) listener.onProgress(LayerProgress.of(id, push ? LayerState.PUSHED : LayerState.PULL_COMPLETE));
    }
}
