package dev.stowage.engine;

import dev.stowage.testing.PodmanService;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * A real Podman serving the Docker-compatible API ({@link PodmanService}, storage in a temporary folder of its own)
 * and a client of it, for a whole test class: {@code @RegisterExtension static final PodmanEngine engine = new
 * PodmanEngine("podman");} starts them before the class's {@code @BeforeAll} methods and closes them after its
 * {@code @AfterAll} ones.
 */
final class PodmanEngine implements BeforeAllCallback, AfterAllCallback {
    private final String name;
    private Path dir;
    PodmanService podman;
    EngineClient client;
    EngineImages images;

    /** {@code name} is the engine's name, which its errors start with. */
    PodmanEngine(String name) {
        this.name = name;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // short: podman refuses a runroot (DIR/runroot) of more than 50 characters
        dir = Files.createTempDirectory("stowage-pm");
        podman = PodmanService.start(dir);
        client = new EngineClient(EngineEndpoint.parse(name, podman.address(), null, "test"));
        images = new EngineImages(client);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (client != null) client.close();
        } finally {
            if (podman != null) podman.close();
            if (dir != null) {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
