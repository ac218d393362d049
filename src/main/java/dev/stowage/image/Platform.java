package dev.stowage.image;

import java.util.Locale;

/** An os/architecture[/variant] triple, as in image configs and index entries. */
public record Platform(String os, String architecture, String variant) {

    public static Platform parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()
                || (parts.length == 3 && parts[2].isEmpty())) {
            throw new ImageFormatException("invalid platform '" + text + "': expected os/arch[/variant]");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /** This machine's platform in Go's naming, as registries and configs use it. */
    public static Platform current() {
        String arch = switch (System.getProperty("os.arch").toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            case "arm" -> "arm";
            default -> System.getProperty("os.arch");
        };
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String goos = os.contains("win") ? "windows" : os.contains("mac") ? "darwin" : "linux";
        return new Platform(goos, arch, "arm64".equals(arch) ? "v8" : null);
    }

    /** True when an index entry for {@code candidate} can run here (a missing variant matches any). */
    public boolean matches(Platform candidate) {
        return os.equals(candidate.os) && architecture.equals(candidate.architecture)
                && (variant == null || candidate.variant == null || variant.equals(candidate.variant));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
