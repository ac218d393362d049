package dev.stowage.progress;

/**
 * One progress event: a layer (by its short ID, as docker shows it) reached a state, with bytes done of
 * total where they are known (-1 otherwise), and a detail such as the repository a blob was mounted from.
 */
public record LayerProgress(String id, LayerState state, long current, long total, String detail) {
    public static LayerProgress of(String id, LayerState state) {
        return new LayerProgress(id, state, -1, -1, null);
    }
}
