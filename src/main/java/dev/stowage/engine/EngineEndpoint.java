package dev.stowage.engine;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where an engine listens: {@code unix:///path}, {@code tcp://host:port} (plain or TLS) or {@code http(s)://}.
 * {@code name} is what {@code stowage engines} shows and {@code --engine} accepts; {@code origin} says how it
 * was found (DOCKER_HOST, a docker context, a well-known socket, the command line).
 */
public record EngineEndpoint(String name, URI uri, Tls tls, String origin) {

    /** TLS for a TCP engine: the directory of {@code ca.pem}, {@code cert.pem}, {@code key.pem}, and whether to verify the server. */
    public record Tls(Path certDir, boolean verify) {
    }

    /** Parses {@code unix:///path}, {@code /path}, {@code tcp://host:port}, {@code http://…} or {@code https://…}. */
    public static EngineEndpoint parse(String name, String text, Tls tls, String origin) {
        String t = text.trim();
        if (t.startsWith("/")) t = "unix://" + t;
        URI uri;
        try {
            uri = URI.create(t);
        } catch (IllegalArgumentException e) {
            throw new EngineException("invalid engine address '" + text + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "unix" -> {
                if (uri.getPath() == null || uri.getPath().isEmpty()) throw new EngineException("invalid engine address '" + text + "': no socket path");
            }
            case "tcp", "http", "https" -> {
                if (uri.getHost() == null) throw new EngineException("invalid engine address '" + text + "': no host");
            }
            case "ssh", "npipe" -> throw new EngineException("engine address '" + text + "': " + scheme + ":// is not supported (use unix:// or tcp://)");
            default -> throw new EngineException("invalid engine address '" + text + "' (use unix:///PATH or tcp://HOST:PORT)");
        }
        if (scheme.equals("https") && tls == null) tls = new Tls(null, true);
        return new EngineEndpoint(name, uri, tls, origin);
    }

    public boolean isUnix() {
        return "unix".equalsIgnoreCase(uri.getScheme());
    }

    public Path socketPath() {
        return Path.of(uri.getPath());
    }

    /** The address as a user writes it ({@code unix:///run/docker.sock}, {@code tcp://host:2376}). */
    public String address() {
        return uri.toString();
    }

    /** The base URL HTTP requests go to (unix sockets get a placeholder host). */
    String baseUrl() {
        if (isUnix()) return "http://localhost";
        String scheme = tls != null ? "https" : "http";
        int port = uri.getPort() > 0 ? uri.getPort() : tls != null ? 2376 : 2375;
        String host = uri.getHost().contains(":") ? "[" + uri.getHost() + "]" : uri.getHost();
        return scheme + "://" + host + ":" + port;
    }

    @Override
    public String toString() {
        return name + " (" + address() + ")";
    }
}
