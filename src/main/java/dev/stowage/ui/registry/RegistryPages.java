package dev.stowage.ui.registry;

import dev.stowage.ui.Formats;
import dev.stowage.ui.Messages;
import javafx.scene.Node;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The browser pages of the registries, one per registry kept for the session (its cached manifests and configs
 * with it). Listing runs on a network pool; the tags' details on a pool of {@link #PARALLEL_DETAILS} threads, so at
 * most that many of those requests are in flight at once, the rows shown last first.
 */
public final class RegistryPages {
    /** Most tag details read at once. */
    public static final int PARALLEL_DETAILS = 8;

    private final Messages messages;
    private final Formats formats;
    private final Supplier<BrowserHooks> hooks;
    private final Map<String, RegistryBrowserView> pages = new HashMap<>();
    private final ExecutorService network = Executors.newCachedThreadPool(daemon("stowage-registry-browse"));
    /** Newest first: the rows shown last are the ones on screen now, rows scrolled past wait. */
    private final ExecutorService details = new java.util.concurrent.ThreadPoolExecutor(PARALLEL_DETAILS, PARALLEL_DETAILS,
            0, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingDeque<>() {
                @Override
                public boolean offer(Runnable task) {
                    return offerFirst(task);
                }
            }, daemon("stowage-registry-tag"));

    public RegistryPages(Messages messages, Supplier<BrowserHooks> hooks) {
        this.messages = messages;
        this.formats = new Formats(messages);
        this.hooks = hooks;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** The page of {@code registry}, made (and its catalog asked for) the first time. */
    public Node page(String registry) {
        return pages.computeIfAbsent(registry, r -> new RegistryBrowserView(
                new RegistryBrowserModel(r, hooks.get(), messages, network, details), messages, formats)).node();
    }

    /** The model of a page made before, for tests. */
    public RegistryBrowserModel model(String registry) {
        RegistryBrowserView view = pages.get(registry);
        return view == null ? null : view.model();
    }

    public void close() {
        network.shutdownNow();
        details.shutdownNow();
    }
}
