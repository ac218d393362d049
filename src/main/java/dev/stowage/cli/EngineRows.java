package dev.stowage.cli;

import dev.stowage.engine.EngineImage;
import dev.stowage.image.Reference;

import java.util.ArrayList;
import java.util.List;

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
            for (String tag : i.repoTags()) {
                Reference name;
                try {
                    name = Reference.parse(tag);
                } catch (RuntimeException e) {
                    continue;
                }
                String digest = repoDigest(i, name);
                rows.add(new ImagesCommand.Row(i.id(), digest, digest, i.created(), i.size(), name));
            }
        }
        return rows;
    }

    /** The repo digest recorded for the name's repository ({@code repo@sha256:…}), or null. */
    private static String repoDigest(EngineImage image, Reference name) {
        for (String rd : image.repoDigests()) {
            int at = rd.indexOf('@');
            if (at < 0) continue;
            try {
                if (Reference.parseRepository(rd.substring(0, at)).repository().equals(name.repository())) return rd.substring(at + 1);
            } catch (RuntimeException ignored) {
                // not a name we understand
            }
        }
        return null;
    }

    private static String digestPart(String repoDigest) {
        int at = repoDigest.indexOf('@');
        return at < 0 ? null : repoDigest.substring(at + 1);
    }
}
