package dev.stowage.progress;

/** The states docker shows for a layer during push and pull. */
public enum LayerState {
    WAITING("Waiting"),
    PREPARING("Preparing"),
    COMPRESSING("Compressing"),
    PUSHING("Pushing"),
    PUSHED("Pushed"),
    ALREADY_EXISTS("Layer already exists"),
    MOUNTED("Mounted from"),
    DOWNLOADING("Downloading"),
    VERIFYING("Verifying Checksum"),
    EXTRACTING("Extracting"),
    PULL_COMPLETE("Pull complete"),
    FAILED("Failed");

    private final String label;

    LayerState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether nothing more will happen to the layer. */
    public boolean done() {
        return this == PUSHED || this == ALREADY_EXISTS || this == MOUNTED || this == PULL_COMPLETE || this == FAILED;
    }
}
