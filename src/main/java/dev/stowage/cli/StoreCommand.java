package dev.stowage.cli;

import dev.stowage.store.Store;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** Base of commands that work on the store: access to it and to the output streams. */
abstract class StoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    StowageCli root() {
        return (StowageCli) spec.root().userObject();
    }

    Store store() throws IOException {
        return root().store();
    }

    PrintWriter out() {
        return root().context.out();
    }

    PrintWriter err() {
        return root().context.err();
    }

    /** Whether the command works with {@code --engine} (those that do check {@link StowageCli#onEngine()}). */
    boolean supportsEngine() {
        return false;
    }

    dev.stowage.engine.EngineClient engine() {
        return root().engine();
    }

    /**
     * The images a layer view reads; with {@code --engine} they are streamed out of the engine into a
     * throwaway store first, and the command runs there. Null: the command does not read engine images this way.
     */
    List<String> engineViewImages() {
        return null;
    }

    @Override
    public final Integer call() throws Exception {
        if (root().onEngine() && !supportsEngine()) {
            List<String> view = engineViewImages();
            if (view == null) {
                throw new StowageCli.CommandFailure("'" + spec.name() + "' works on the store only; copy the image there first: "
                        + "stowage --engine " + root().engineOption + " copy engine:IMAGE store:");
            }
            try (EngineView ignored = EngineView.open(root(), engine(), view)) {
                return callInStore();
            }
        }
        return callInStore();
    }

    private int callInStore() throws Exception {
        int code = execute();
        out().flush();
        return code;
    }

    abstract int execute() throws Exception;

    /** Every place a command can name (store, registries, archives, layouts, engines), reached as this CLI reaches them. */
    dev.stowage.place.Places places() {
        return new dev.stowage.place.Places(n -> store(), host -> root().registryAccess().api(host), name ->
                new dev.stowage.engine.EngineImages(name.isEmpty() ? engine()
                        : new dev.stowage.engine.EngineClient(new dev.stowage.engine.EngineDiscovery(root().context.env()).resolve(name))));
    }

    /** What a command does with an image and a way to open its blobs. */
    interface ImageUse<T> {
        T use(dev.stowage.store.LocalImage image, dev.stowage.layer.ImageLayers.Blobs blobs) throws Exception;
    }

    /**
     * Runs {@code use} on {@code image}: a stored image, or one named with a transport ({@code docker://…},
     * {@code docker-archive:…}, {@code oci:…}, {@code engine:…}), read where it lies without storing it.
     */
    <T> T onImage(String image, ImageUse<T> use) throws Exception {
        dev.stowage.place.PlaceName name = dev.stowage.place.PlaceName.parse(image);
        if (name.transport() == dev.stowage.place.PlaceName.Transport.STORE) {
            Store store = store();
            return use.use(dev.stowage.store.ImageResolver.of(store).resolve(name.image()), blob -> store.openBlob(blob.digest()));
        }
        try (dev.stowage.place.ImagePlace place = places().open(name)) {
            return use.use(place.resolve().asLocalImage(), place::openBlob);
        }
    }

    /** The layers of {@code image}, named as {@link #onImage} takes it. */
    dev.stowage.layer.ImageLayers imageLayers(String image) throws Exception {
        return onImage(image, (img, blobs) -> dev.stowage.layer.ImageLayers.read(blobs, img));
    }

    /** A name that a command will tag with (tag, commit, import): docker refuses digest references there. */
    static dev.stowage.image.Reference newTagName(String text) {
        dev.stowage.image.Reference name = dev.stowage.image.Reference.parse(text);
        if (name.digest().isPresent()) throw new StowageCli.CommandFailure("refusing to create a tag with a digest reference");
        return name;
    }
}
