package dev.stowage.engine;

import dev.stowage.testing.PodmanService;

import java.nio.file.Path;

/**
 * A real Podman serving the Docker-compatible API ({@link PodmanService}) and a client of it, for a whole test class:
 * start it in {@code @BeforeAll}, close it in {@code @AfterAll}.
 */
final class PodmanEngine implements AutoCloseable {
    final PodmanService podman;
    final EngineClient client;
    final EngineImages images;

    private PodmanEngine(PodmanService podman, EngineClient client) {
        this.podman = podman;
        this.client = client;
        this.images = new EngineImages(client);
    }

    /** Podman with its storage under {@code dir}; {@code name} is the engine's name, which its errors start with. */
    static PodmanEngine start(Path dir, String name) throws Exception {
        PodmanService podman = PodmanService.start(dir);
        try {
            return new PodmanEngine(podman, new EngineClient(EngineEndpoint.parse(name, podman.address(), null, "test")));
        } catch (Exception | Error e) {
            podman.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            client.close();
        } finally {
            podman.close();
        }
    }
}
