package dev.stowage.place;

import java.util.Optional;

/**
 * A place name as skopeo spells them: {@code docker://REF}, {@code docker-archive:PATH[:REF]},
 * {@code oci-archive:PATH[:REF]}, {@code oci:DIR[:REF]}; and stowage's own {@code engine:REF},
 * {@code engine=NAME:REF} and {@code store:REF} — the default when no transport is given. A path ends at its
 * first colon, as skopeo reads it.
 */
public record PlaceName(Transport transport, String location, String image) {
    public enum Transport {
        STORE("store"), REGISTRY("docker"), DOCKER_ARCHIVE("docker-archive"), OCI_ARCHIVE("oci-archive"),
        OCI_DIR("oci"), ENGINE("engine");

        private final String prefix;

        Transport(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    public static PlaceName parse(String text) {
        if (text.startsWith("docker://")) return new PlaceName(Transport.REGISTRY, "", text.substring("docker://".length()));
        int colon = text.indexOf(':');
        String head = colon < 0 ? text : text.substring(0, colon);
        String rest = colon < 0 ? "" : text.substring(colon + 1);
        if (head.equals("store")) return new PlaceName(Transport.STORE, "", rest);
        if (head.equals("engine")) return new PlaceName(Transport.ENGINE, "", rest);
        if (head.startsWith("engine=")) {
            String engine = head.substring("engine=".length());
            if (engine.isEmpty()) throw new PlaceException("'" + text + "': name the engine (engine=NAME:IMAGE)");
            return new PlaceName(Transport.ENGINE, engine, rest);
        }
        for (Transport t : new Transport[]{Transport.DOCKER_ARCHIVE, Transport.OCI_ARCHIVE, Transport.OCI_DIR}) {
            if (!head.equals(t.prefix())) continue;
            int second = rest.indexOf(':');
            String path = second < 0 ? rest : rest.substring(0, second);
            if (path.isEmpty()) throw new PlaceException("'" + text + "': no path given (" + t.prefix() + ":PATH[:REF])");
            return new PlaceName(t, path, second < 0 ? "" : rest.substring(second + 1));
        }
        if (head.equals("docker")) throw new PlaceException("'" + text + "': a registry image is docker://REF");
        return new PlaceName(Transport.STORE, "", text);
    }

    /** The image part, if given. */
    public Optional<String> imageName() {
        return image.isEmpty() ? Optional.empty() : Optional.of(image);
    }

    @Override
    public String toString() {
        return switch (transport) {
            case REGISTRY -> "docker://" + image;
            case STORE -> "store:" + image;
            case ENGINE -> (location.isEmpty() ? "engine" : "engine=" + location) + ":" + image;
            default -> transport.prefix() + ":" + location + (image.isEmpty() ? "" : ":" + image);
        };
    }
}
