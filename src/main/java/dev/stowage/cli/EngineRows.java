package dev.stowage.cli;

import dev.stowage.engine.EngineImage;
import dev.stowage.image.Reference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An engine's images as {@code images} rows: one per name, one for each dangling image; names the parser refuses are left out. */
final class EngineRows {
    private EngineRows() {
    }

    static List<ImagesCommand.Row> of(List<EngineImage> images) {
        List<ImagesCommand.Row> rows = new ArrayList<>();
        for (EngineImage i : images) {
            if (i.dangling()) {
                String digest = i.repoDigests().isEmpty() ? null : digestPart(i.repoDigests().get(0));
                rows.add(new ImagesCommand.Row(i.id(), digest, digest, i.created(), i.size(), null));
            }
            Map<String, String> digests = repoDigests(i);
            for (String tag : i.repoTags()) {
                Reference name;
                try {
                    name = Reference.parse(tag);
                } catch (RuntimeException e) {
                    continue;
                }
                String digest = digests.get(name.repository());
                rows.add(new ImagesCommand.Row(i.id(), digest, digest, i.created(), i.size(), name));
            }
        }
        return rows;
    }

    /** Repository → the digest the engine records for it ({@code repo@sha256:…}); the first one wins. */
    private static Map<String, String> repoDigests(EngineImage image) {
        Map<String, String> byRepository = new HashMap<>();
        for (String rd : image.repoDigests()) {
            int at = rd.indexOf('@');
            if (at < 0) continue;
            try {
                byRepository.putIfAbsent(Reference.parseRepository(rd.substring(0, at)).repository(), rd.substring(at + 1));
            } catch (RuntimeException ignored) {
                // not a name we understand
            }
        }
        return byRepository;
    }

    private static String digestPart(String repoDigest) {
        int at = repoDigest.indexOf('@');
        return at < 0 ? null : repoDigest.substring(at + 1);
    }
}
