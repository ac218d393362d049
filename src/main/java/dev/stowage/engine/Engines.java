package dev.stowage.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Probing discovered engines: which answer, and what they are. */
public final class Engines {
    private Engines() {
    }

    /** An engine found by discovery and what probing it gave: its info, or why it did not answer. */
    public record Probe(EngineEndpoint endpoint, EngineInfo info, String error) {
        public boolean reachable() {
            return info != null;
        }
    }

    /** Asks every discovered engine {@code /_ping} and {@code /version}; an engine that does not answer is listed with the reason. */
    public static List<Probe> probeAll(EngineDiscovery discovery) {
        List<Probe> probes = new ArrayList<>();
        for (EngineEndpoint e : discovery.discover()) probes.add(probe(e));
        return probes;
    }

    public static Probe probe(EngineEndpoint endpoint) {
        try (EngineClient client = new EngineClient(endpoint, Duration.ofSeconds(3))) {
            return new Probe(endpoint, client.info(), null);
        } catch (EngineException e) {
            return new Probe(endpoint, null, e.getMessage());
        }
    }

    /** A client for the first discovered engine that answers; an error naming what was tried when none does. */
    public static EngineClient firstReachable(EngineDiscovery discovery) {
        List<String> tried = new ArrayList<>();
        for (EngineEndpoint e : discovery.discover()) {
            EngineClient client = new EngineClient(e);
            try {
                client.info();
                return client;
            } catch (EngineException ex) {
                client.close();
                tried.add(e.name());
            }
        }
        throw new EngineException(tried.isEmpty()
                ? "no Docker or Podman engine found (set DOCKER_HOST or use --engine unix:///PATH)"
                : "no engine answers (tried " + String.join(", ", tried) + "; see stowage engines)");
    }
}
