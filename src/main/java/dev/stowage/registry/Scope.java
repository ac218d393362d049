package dev.stowage.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A token scope such as {@code repository:team/app:push,pull}; push is listed first, as registries expect. */
public record Scope(String type, String name, Set<String> actions) {

    public static Scope pull(String repository) {
        return new Scope("repository", repository, new LinkedHashSet<>(List.of("pull")));
    }

    public static Scope push(String repository) {
        return new Scope("repository", repository, new LinkedHashSet<>(List.of("push", "pull")));
    }

    /** Parses the space-separated scopes of a challenge's {@code scope} parameter; bad parts are skipped. */
    public static List<Scope> parseAll(String text) {
        List<Scope> scopes = new ArrayList<>();
        if (text == null) return scopes;
        for (String part : text.trim().split("\\s+")) {
            int first = part.indexOf(':');
            int last = part.lastIndexOf(':');
            if (first <= 0 || last == first) continue;
            Set<String> actions = new LinkedHashSet<>();
            for (String a : part.substring(last + 1).split(",")) if (!a.isBlank()) actions.add(a.trim());
            scopes.add(new Scope(part.substring(0, first), part.substring(first + 1, last), actions));
        }
        return scopes;
    }

    /** Unites scopes of the same resource, keeping push before pull. */
    public static List<Scope> merge(Collection<Scope> a, Collection<Scope> b) {
        List<Scope> out = new ArrayList<>();
        for (Scope s : concat(a, b)) {
            Scope existing = out.stream().filter(o -> o.type.equals(s.type) && o.name.equals(s.name)).findFirst().orElse(null);
            if (existing == null) {
                out.add(new Scope(s.type, s.name, ordered(s.actions)));
            } else {
                Set<String> actions = new LinkedHashSet<>(existing.actions);
                actions.addAll(s.actions);
                out.set(out.indexOf(existing), new Scope(s.type, s.name, ordered(actions)));
            }
        }
        return out;
    }

    private static List<Scope> concat(Collection<Scope> a, Collection<Scope> b) {
        List<Scope> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Set<String> ordered(Set<String> actions) {
        Set<String> out = new LinkedHashSet<>();
        if (actions.contains("push")) out.add("push");
        if (actions.contains("pull")) out.add("pull");
        out.addAll(actions);
        return out;
    }

    @Override
    public String toString() {
        return type + ":" + name + ":" + String.join(",", actions);
    }
}
