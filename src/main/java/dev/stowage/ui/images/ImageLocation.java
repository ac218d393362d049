package dev.stowage.ui.images;

import dev.stowage.image.Platform;
import dev.stowage.image.Reference;
import dev.stowage.progress.ProgressListener;
import dev.stowage.ui.services.RegistryTasks;
import dev.stowage.ui.ImageRow;
import dev.stowage.ui.layers.LayersRequest;
import dev.stowage.ui.layers.LayersService;
import javafx.concurrent.Task;

import java.util.List;

/**
 * Where the images the main window shows live — the embedded store or an engine — as the views need it: every
 * operation a {@link Task} not yet started, to run with {@link #submit}. The views never ask which kind it is:
 * what a location cannot do it says through {@link #supports}.
 */
public interface ImageLocation {
    /** What the store can do and an engine (through this app) cannot. */
    enum Operation { EXPORT, CREATE_CONTAINER }

    /** The name shown in messages ("Local images", {@code podman}). */
    String name();

    boolean supports(Operation operation);

    /** Starts the task on this location's worker (the store's one thread, or the engine's). */
    <T> Task<T> submit(Task<T> task);

    /** One row per name, and one per dangling image. */
    Task<List<ImageRow>> list();

    /** The details pane's Overview and History of the row's image. */
    Task<ImageOverview> overview(ImageRow row);

    /** Counts the sizes of the rows listed without one (image ID to size); null when every row has its size. */
    default Task<java.util.Map<String, Long>> sizes(List<ImageRow> rows) {
        return null;
    }

    /** Gives the row's image the name {@code target}. */
    Task<Reference> tag(ImageRow row, Reference target);

    /** What removing these rows would do, before asking. */
    Task<RemovalPreview> removalPreview(List<ImageRow> rows);

    /** Removes the rows' names (an unnamed row: its image); the count removed. */
    Task<Integer> remove(List<ImageRow> rows);

    /** Pushes the row's image as {@code target} (run it on the registry pool: {@code RegistryTasks.submit}). */
    Task<RegistryTasks.Pushed> push(ImageRow row, Reference target, ProgressListener progress, RegistryTasks registries);

    /** Pulls {@code ref} here (run it on the registry pool). */
    Task<RegistryTasks.Pulled> pull(Reference ref, Platform platform, ProgressListener progress, RegistryTasks registries);

    /** How to read the row's layers for the Layers tab. */
    LayersRequest layers(ImageRow row, LayersService service);

    /** Whether images can be copied from here to {@code target} (between the store and an engine, either way). */
    boolean canCopyTo(ImageLocation target);

    /** Copies the rows' images, with their names, into {@code target}, streamed; the count of images copied. */
    Task<Integer> copyTo(ImageLocation target, List<ImageRow> rows);

    /**
     * What a removal will do: the names untagged, the images deleted (short IDs), the bytes freed; {@code
     * exact} is false when the location cannot tell before doing it (an engine decides at the time).
     */
    record RemovalPreview(List<String> untagged, List<String> deleted, long bytesFreed, boolean exact) {
    }
}
