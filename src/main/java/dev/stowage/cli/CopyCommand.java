package dev.stowage.cli;

import dev.stowage.archive.ArchiveWriter;
import dev.stowage.archive.LoadedImage;
import dev.stowage.engine.EngineCopy;
import dev.stowage.engine.EngineImages;
import dev.stowage.image.Reference;
import dev.stowage.place.ImageCopy;
import dev.stowage.place.ImagePlace;
import dev.stowage.place.ManifestFormat;
import dev.stowage.place.PlaceName;
import dev.stowage.place.PlaceName.Transport;
import dev.stowage.place.Places;
import dev.stowage.progress.Cancellation;
import dev.stowage.progress.ProgressListener;
import dev.stowage.store.ImageResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code stowage copy SRC DST}: an image from any place to any other (see {@link dev.stowage.place.ImageCopy}).
 * Between an engine and the store it goes through {@link EngineCopy}, which streams the engine's save into the
 * store's loader (and the store's archive into the engine's load) with no temporary file.
 */
@Command(name = "copy", description = {"Copy an image from one place to another.",
        "SRC and DST are docker://REF (a registry), docker-archive:PATH[:REF], oci-archive:PATH[:REF], oci:DIR[:REF], "
                + "engine:IMAGE or engine=NAME:IMAGE (the engine of --engine, else the first that answers), "
                + "or store:IMAGE — the default without a transport. DST may leave out the name (store:, engine:): "
                + "the copy keeps the source's."})
final class CopyCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "SRC")
    String source;

    @Parameters(index = "1", paramLabel = "DST")
    String destination;

    @Option(names = {"-q", "--quiet"}, description = "Suppress per-layer progress.")
    boolean quiet;

    @Option(names = {"-f", "--format"}, paramLabel = "docker|oci", description = "Write the manifest in this format (layers unchanged).")
    String format;

    @Option(names = {"-a", "--all"}, description = "A multi-platform index whole: every platform's image and the index, its digest kept.")
    boolean all;

    @Override
    boolean supportsEngine() {
        return true;
    }

    @Override
    int execute() throws Exception {
        PlaceName from = PlaceName.parse(source);
        PlaceName to = PlaceName.parse(destination);
        boolean namesItsImage = from.transport() == Transport.STORE || from.transport() == Transport.ENGINE
                || from.transport() == Transport.REGISTRY;
        if (namesItsImage && from.image().isEmpty()) throw new StowageCli.CommandFailure("'" + source + "': no image named");
        if (from.transport() == to.transport() && from.transport() == Transport.STORE) {
            throw new StowageCli.CommandFailure("copy needs two places, not the store twice (" + source + " → " + destination
                    + "); 'stowage tag' names an image again");
        }
        boolean engineAndStore = from.transport() == Transport.ENGINE && to.transport() == Transport.STORE
                || from.transport() == Transport.STORE && to.transport() == Transport.ENGINE;
        if (engineAndStore && !all && format == null) return engineAndStore(from, to);
        Places places = places();
        ProgressListener progress = quiet ? ProgressListener.NONE : new ProgressPrinter(out(), root().terminal());
        try (ImagePlace src = places.open(from); ImagePlace dst = places.open(to)) {
            out().println(new ImageCopy(progress, new Cancellation(), Optional.ofNullable(format).map(ManifestFormat::parse)).copy(src, dst, all));
        }
        return 0;
    }

    private int engineAndStore(PlaceName from, PlaceName to) throws Exception {
        boolean fromEngine = from.transport() == Transport.ENGINE;
        Reference rename = to.image().isEmpty() ? null : newTagName(to.image());
        String engineName = fromEngine ? from.location() : to.location();
        EngineCopy copy = new EngineCopy(engineName.isEmpty() ? new EngineImages(engine()) : places().engine(engineName), store());
        if (fromEngine) {
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
