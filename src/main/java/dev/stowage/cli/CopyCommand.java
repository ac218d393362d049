package dev.stowage.cli;

import dev.stowage.archive.ArchiveWriter;
import dev.stowage.archive.LoadedImage;
import dev.stowage.engine.EngineCopy;
import dev.stowage.engine.EngineImages;
import dev.stowage.image.Reference;
import dev.stowage.store.ImageResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code stowage copy SRC DST}: an image from an engine into the store or back, streamed (the engine's
 * save read by the store's loader as it arrives; the store's archive written straight into the engine's
 * load), layers byte for byte. {@code store:IMAGE} is the embedded store, {@code engine:IMAGE} the engine of
 * {@code --engine} (else the first one found that answers). A name after {@code DST}'s colon is given to
 * the copy as well as the names it had.
 */
@Command(name = "copy", description = {"Copy an image between an engine and the store.",
        "SRC and DST are store:IMAGE or engine:IMAGE (the engine of --engine, else the first that answers); "
                + "DST may be just store: or engine:, or name the copy (store:NAME[:TAG])."})
final class CopyCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "SRC")
    String source;

    @Parameters(index = "1", paramLabel = "DST")
    String destination;

    private record Location(boolean engine, String image) {
        static Location parse(String text, boolean needImage) {
            int colon = text.indexOf(':');
            String kind = colon < 0 ? text : text.substring(0, colon);
            String image = colon < 0 ? "" : text.substring(colon + 1);
            if (!kind.equals("store") && !kind.equals("engine")) {
                throw new StowageCli.CommandFailure("'" + text + "': say where the image is, store:IMAGE or engine:IMAGE");
            }
            if (needImage && image.isEmpty()) throw new StowageCli.CommandFailure("'" + text + "': no image named");
            return new Location(kind.equals("engine"), image);
        }
    }

    @Override
    boolean supportsEngine() {
        return true;
    }

    @Override
    int execute() throws Exception {
        Location from = Location.parse(source, true);
        Location to = Location.parse(destination, false);
        if (from.engine() == to.engine()) {
            throw new StowageCli.CommandFailure("copy goes between an engine and the store (" + source + " → " + destination + ")");
        }
        Reference rename = to.image().isEmpty() ? null : newTagName(to.image());
        EngineCopy copy = new EngineCopy(new EngineImages(engine()), store());
        if (from.engine()) {
            List<LoadedImage> loaded = copy.toStore(List.of(from.image()));
            for (LoadedImage image : loaded) {
                if (rename != null) store().modifyIndex(index -> {
                    index.tag(rename, image.target());
                    return null;
                });
                if (image.names().isEmpty() && rename == null) out().println("Loaded image ID: " + image.id());
                for (Reference name : image.names()) out().println("Loaded image: " + name.familiarString());
                if (rename != null) out().println("Loaded image: " + rename.familiarString());
            }
        } else {
            ImageResolver.Match match = ImageResolver.of(store()).match(from.image());
            List<Reference> names = new ArrayList<>();
            if (match.name() != null && match.name().tag().isPresent()) names.add(match.name());
            if (rename != null && !names.contains(rename)) names.add(rename);
            copy.toEngine(List.of(new ArchiveWriter.Item(match.image(), names))).forEach(out()::println);
        }
        return 0;
    }
}
