package dev.stowage.store;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Reference;

import java.nio.file.Path;

/** Run in several processes at once by {@link StoreConcurrencyTest}: adds N tags, one index update each. */
public final class TagHammer {
    public static void main(String[] args) throws Exception {
        Store store = Store.open(Path.of(args[0]));
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        Descriptor target = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256(prefix), 1);
        for (int i = 0; i < count; i++) {
            Reference name = Reference.parse("hammer/" + prefix + ":t" + i);
            store.modifyIndex(index -> index.tag(name, target));
        }
    }
}
