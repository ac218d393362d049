package dev.stowage.ui.dialogs;

import dev.stowage.image.Reference;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Where an image could be pushed: its own name, and the same repository and tag on each logged-in registry. */
final class PushTargets {
    private PushTargets() {
    }

    /**
     * Candidates, best first: the name itself when it already names a registry other than Docker Hub; then the
     * name moved to each logged-in registry; then the name as it is.
     */
    static List<String> candidates(Reference name, List<String> registries) {
        Set<String> out = new LinkedHashSet<>();
        if (name == null) return List.of();
        boolean hub = name.domain().equals(Reference.DEFAULT_DOMAIN);
        if (!hub) out.add(name.familiarString());
        String path = name.path().startsWith(Reference.OFFICIAL_REPO_PREFIX)
                ? name.path().substring(Reference.OFFICIAL_REPO_PREFIX.length()) : name.path();
        String tag = name.tag().orElse(Reference.DEFAULT_TAG);
        for (String registry : registries) {
            if (registry.equals(Reference.DEFAULT_DOMAIN) || registry.equals(name.domain())) continue;
            out.add(registry + "/" + path + ":" + tag);
        }
        out.add(name.familiarString());
        return new ArrayList<>(out);
    }
}
