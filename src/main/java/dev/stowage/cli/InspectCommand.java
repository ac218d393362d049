package dev.stowage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.error.ErrorText;
import dev.stowage.image.Digest;
import dev.stowage.image.ImageConfig;
import dev.stowage.image.Json;
import dev.stowage.image.Platform;
import dev.stowage.image.Reference;
import dev.stowage.registry.DockerTransport;
import dev.stowage.registry.RegistryApi;
import dev.stowage.registry.RemoteImage;
import dev.stowage.image.InspectDocument;
import dev.stowage.store.ImageResolver;
import dev.stowage.store.LocalImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code stowage inspect IMAGE...}: a JSON array shaped like {@code docker image inspect}; {@code inspect
 * docker://REF} reads an image in a registry without pulling it, shaped like {@code skopeo inspect}.
 */
@Command(name = "inspect", description = "Display detailed information on one or more images (JSON); "
        + "docker://REGISTRY/REPOSITORY[:TAG|@DIGEST] inspects an image in a registry without pulling it.")
final class InspectCommand extends StoreCommand {
    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Option(names = "--raw", description = "docker:// only: the manifest or index exactly as the registry sent it.")
    boolean raw;

    @Option(names = "--config", description = "docker:// only: the image config exactly as stored in the registry.")
    boolean config;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "docker:// only: the image of this platform in a multi-platform index (default: this machine).")
    String platform;

    @Override
    boolean supportsEngine() {
        return true;
    }

    @Override
    int execute() throws Exception {
        if (images.stream().anyMatch(DockerTransport::names)) return inspectInRegistry();
        if (raw || config || platform != null) throw new StowageCli.CommandFailure("--raw, --config and --platform work on docker:// images");
        if (root().onEngine()) return inspectOnEngine();
        ImageResolver resolver = ImageResolver.of(store());
        List<JsonNode> documents = new ArrayList<>();
        int failures = 0;
        for (String text : images) {
            try {
                documents.add(inspect(resolver.resolve(text)));
            } catch (RuntimeException e) {
                failures++;
                err().println("Error: " + ErrorText.oneLine(e));
            }
        }
        out().println(InspectDocument.text(documents));
        return failures == 0 ? 0 : 1;
    }

    /** One image in a registry: skopeo's JSON, or the exact manifest (--raw) or config (--config) bytes. */
    private int inspectInRegistry() throws Exception {
        if (images.size() != 1) throw new StowageCli.CommandFailure("inspect takes one docker:// image at a time");
        Reference ref = DockerTransport.image(images.get(0));
        RegistryApi api = root().registryAccess().api(ref.domain());
        if (raw && !config) {
            writeExactly(api.getManifest(ref.path(), DockerTransport.reference(ref)).bytes());
            return 0;
        }
        RemoteImage image = RemoteImage.read(api, ref, platform == null ? Platform.current() : Platform.parse(platform));
        if (config) {
            writeExactly(image.configBytes());
            return 0;
        }
        out().println(Json.pretty(RemoteInspect.json(image, api.tags(ref.path()))));
        return 0;
    }

    private void writeExactly(byte[] bytes) throws java.io.IOException {
        out().flush();
        root().context.binaryOut().write(bytes);
        root().context.binaryOut().flush();
    }

    /** The engine's own inspect JSON for each image, in one array (as {@code docker image inspect}). */
    private int inspectOnEngine() throws Exception {
        dev.stowage.engine.EngineImages engineImages = new dev.stowage.engine.EngineImages(engine());
        List<JsonNode> documents = new ArrayList<>();
        int failures = 0;
        for (String text : images) {
            try {
                documents.add(engineImages.inspect(text));
            } catch (RuntimeException e) {
                failures++;
                err().println("Error: " + ErrorText.oneLine(e));
            }
        }
        out().println(InspectDocument.text(documents));
        return failures == 0 ? 0 : 1;
    }

    private static ObjectNode inspect(LocalImage image) {
        return InspectDocument.of(image.id(), image.names(), image::repoDigest, image.config(), image.size(), image.target());
    }
}
