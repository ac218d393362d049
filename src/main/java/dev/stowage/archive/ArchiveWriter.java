package dev.stowage.archive;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.Manifest;
import dev.stowage.image.Reference;
import dev.stowage.store.LocalImage;
import dev.stowage.store.Store;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes images as a tar archive, each blob once however many images share it. Both formats carry an OCI
 * image layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/…}) holding the stored manifest
 * bytes unchanged; the docker format adds {@code manifest.json} pointing into {@code blobs/}, as Docker 25 does.
 */
public final class ArchiveWriter {

    /** An image to save and the names it should carry in the archive (none when saved by ID). */
    public record Item(LocalImage image, List<Reference> names) {
    }

    private final Store store;

    public ArchiveWriter(Store store) {
        this.store = store;
    }

    public void write(List<Item> items, ArchiveFormat format, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, 64 * 1024);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);

        putBytes(tar, "oci-layout", ArchiveDocuments.OCI_LAYOUT);
        putDirectory(tar, "blobs/");
        putDirectory(tar, "blobs/sha256/");
        Set<Digest> written = new LinkedHashSet<>();
        for (Item item : items) {
            Manifest m = item.image().manifest();
            putBlob(tar, m.config().digest(), written);
            for (Descriptor layer : m.layers()) putBlob(tar, layer.digest(), written);
            putBlob(tar, m.digest(), written);
        }
        putBytes(tar, "index.json", ArchiveDocuments.ociIndex(entries(items)));
        if (format == ArchiveFormat.DOCKER) putBytes(tar, "manifest.json", ArchiveDocuments.dockerManifest(entries(items)));
        tar.finish();
        tar.flush();
    }

    private static List<ArchiveDocuments.Entry> entries(List<Item> items) {
        return items.stream().map(i -> new ArchiveDocuments.Entry(i.image().manifest(), i.names())).toList();
    }

    private void putBlob(TarArchiveOutputStream tar, Digest digest, Set<Digest> written) throws IOException {
        if (!written.add(digest)) return;
        TarArchiveEntry entry = entry(ArchiveLoader.blobPath(digest), store.blobSize(digest));
        tar.putArchiveEntry(entry);
        try (InputStream in = store.openBlob(digest)) {
            in.transferTo(tar);
        }
        tar.closeArchiveEntry();
    }

    private static void putBytes(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        tar.putArchiveEntry(entry(name, bytes.length));
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static void putDirectory(TarArchiveOutputStream tar, String name) throws IOException {
        tar.putArchiveEntry(ArchiveDocuments.directoryEntry(name));
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name, long size) {
        return ArchiveDocuments.fileEntry(name, size);
    }
}
