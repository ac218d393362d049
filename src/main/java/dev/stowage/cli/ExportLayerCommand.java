package dev.stowage.cli;

import dev.stowage.image.Descriptor;
import dev.stowage.layer.ImageLayers;
import dev.stowage.store.LocalImage;
import dev.stowage.util.Compressors;
import dev.stowage.util.FileOps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** {@code stowage export-layer IMAGE N -o FILE}: one layer as a plain tar (decompressed). */
@Command(name = "export-layer", description = "Write one layer of an image as a tar file.")
final class ExportLayerCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "A stored image, or any place name: docker://REF, docker-archive:PATH[:REF], oci-archive:PATH[:REF], oci:DIR[:REF], engine:REF.")
    String image;

    @Parameters(index = "1", paramLabel = "N", description = "The layer, 0 = base.")
    int index;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE|-")
    String output;

    @Override
    java.util.List<String> engineViewImages() {
        return java.util.List.of(image);
    }

    @Override
    int execute() throws Exception {
        return onImage(image, this::export);
    }

    private int export(LocalImage img, ImageLayers.Blobs blobs) throws Exception {
        int count = img.manifest().layers().size();
        if (index < 0 || index >= count) {
            throw new StowageCli.CommandFailure("layer " + index + " does not exist: the image has " + count + " layers (0 to " + (count - 1) + ")");
        }
        Descriptor layer = img.manifest().layers().get(index);
        if (output.equals("-")) {
            try (InputStream in = Compressors.openDecompressed(blobs.open(layer), "layer " + index)) {
                in.transferTo(root().context.binaryOut());
            }
            root().context.binaryOut().flush();
            return 0;
        }
        Path target = Path.of(output).toAbsolutePath();
        Path temp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        try {
            try (InputStream in = Compressors.openDecompressed(blobs.open(layer), "layer " + index);
                 OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                in.transferTo(out);
            }
            FileOps.moveAtomically(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
        return 0;
    }
}
