package dev.stowage.registry;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.MediaTypes;
import dev.stowage.progress.ProgressListener;
import dev.stowage.registry.auth.AuthException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The distribution API's operations on one registry, over {@link RegistryClient}. */
public final class RegistryApi {
    static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST,
            MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST);

    /** A manifest or index as the registry sent it, verified against its digest. */
    public record FetchedManifest(byte[] bytes, String mediaType, Digest digest) {
        /** The media type the document declares, else the one the registry sent, else what its shape says. */
        public String declaredMediaType() {
            com.fasterxml.jackson.databind.JsonNode json = dev.stowage.image.Json.parseAny(bytes, "manifest");
            String declared = dev.stowage.image.Json.text(json, "mediaType");
            if (declared != null) return declared;
            if (mediaType != null && (MediaTypes.isIndex(mediaType) || MediaTypes.isManifest(mediaType))) return mediaType;
            return json.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        }
    }

    /** The outcome of a cross-repository mount: mounted, or an upload session to use instead. */
    public record MountResult(boolean mounted, HttpUrl uploadSession) {
    }

    private static final Scope CATALOG = new Scope("registry", "catalog", java.util.Set.of("*"));

    private final RegistryClient client;

    public RegistryApi(RegistryClient client) {
        this.client = client;
    }

    public RegistryClient client() {
        return client;
    }

    private static String where(String repo) {
        return "/v2/" + repo;
    }

    private RegistryException failure(String what, Response response) {
        String detail = HttpBodies.errorText(response);
        return new RegistryException(what + ": " + client.registry() + " answered HTTP " + response.code()
                + (detail.isEmpty() ? "" : " (" + detail + ")"), response.code(), response.header("Retry-After"), null);
    }

    /** One page of a paginated list: its names and the URL of the next page ({@code Link: <…>; rel="next"}), or null. */
    public record Page(List<String> names, HttpUrl next) {
    }

    /**
     * The registry's repositories, first page of {@code GET /v2/_catalog?n=max} (scope
     * {@code registry:catalog:*}). Not every registry allows it (Docker Hub refuses); that is a failure here.
     */
    public List<String> catalog(int max) throws IOException {
        return catalogPage(max).names();
    }

    /** The first page of the catalog, at most {@code max} repositories; its {@code next} leads on. */
    public Page catalogPage(int max) throws IOException {
        return catalogPage(client.url("/v2/_catalog").newBuilder().addQueryParameter("n", String.valueOf(max)).build());
    }

    /** Every repository of the registry: the catalog in the registry's own page size, following its {@code Link}s. */
    public List<String> repositories() throws IOException {
        List<String> all = new ArrayList<>();
        for (HttpUrl next = client.url("/v2/_catalog"); next != null; ) {
            Page page = catalogPage(next);
            all.addAll(page.names());
            next = page.next();
        }
        return all;
    }

    /** One page of the catalog: {@code url} is {@code /v2/_catalog} (with {@code n}, {@code last}) or a page's {@code next}. */
    public Page catalogPage(HttpUrl url) throws IOException {
        return page(url, List.of(CATALOG), "repositories", "listing the repositories of " + client.registry());
    }

    /** Every tag of a repository, following the registry's {@code Link}s. */
    public List<String> tags(String repo) throws IOException {
        List<String> all = new ArrayList<>();
        for (HttpUrl next = client.url(where(repo) + "/tags/list"); next != null; ) {
            Page page = tagsPage(repo, next);
            all.addAll(page.names());
            next = page.next();
        }
        return all;
    }

    /** One page of a repository's tags: {@code url} is {@code /v2/REPO/tags/list} (with {@code n}, {@code last}) or a page's {@code next}. */
    public Page tagsPage(String repo, HttpUrl url) throws IOException {
        return page(url, List.of(Scope.pull(repo)), "tags", "listing the tags of " + client.registry() + "/" + repo);
    }

    private Page page(HttpUrl url, List<Scope> scopes, String field, String what) throws IOException {
        Request request = new Request.Builder().url(url).get().build();
        try (Response response = send(request, scopes, what)) {
            if (response.code() == 404) throw notFound(what, response);
            if (!response.isSuccessful()) throw failure(what, response);
            com.fasterxml.jackson.databind.JsonNode root = dev.stowage.image.Json.parseObject(
                    HttpBodies.read(response, HttpBodies.MAX_DOCUMENT, field + " list"), field + " list");
            List<String> names = new ArrayList<>();
            root.path(field).forEach(n -> names.add(n.asText()));
            return new Page(names, nextPage(response));
        }
    }

    /** The {@code rel="next"} target of a {@code Link} header, resolved against the URL that answered. */
    static HttpUrl nextPage(Response response) {
        for (String header : response.headers("Link")) {
            for (String link : header.split(",(?=\\s*<)")) {
                int open = link.indexOf('<');
                int close = link.indexOf('>', open + 1);
                if (open < 0 || close < 0) continue;
                String params = link.substring(close + 1).toLowerCase(java.util.Locale.ROOT);
                if (params.matches("(?s).*;\\s*rel\\s*=\\s*\"?next\"?.*")) {
                    return response.request().url().resolve(link.substring(open + 1, close).trim());
                }
            }
        }
        return null;
    }

    /**
     * Sends a request of {@code what}: a refusal of the token (a repository the user's token does not grant) is
     * reported naming the operation.
     */
    private Response send(Request request, List<Scope> scopes, String what) throws IOException {
        try {
            return client.send(request, scopes, true);
        } catch (AuthException e) {
            throw new AuthException(what + ": " + e.getMessage());
        }
    }

    /** A 404: the registry's own words (e.g. {@code name_unknown: repository name not known to registry}). */
    private RegistryException notFound(String what, Response response) {
        String detail = HttpBodies.errorText(response);
        return new RegistryException(what + ": not found" + (detail.isEmpty() ? "" : " (" + detail + ")"), 404, null);
    }

    /** GETs a manifest or index by tag or digest; by digest the bytes must hash to it, by tag to Docker-Content-Digest. */
    public FetchedManifest getManifest(String repo, String reference) throws IOException {
        Request request = new Request.Builder().url(client.url(where(repo) + "/manifests/" + reference))
                .header("Accept", MANIFEST_ACCEPT).get().build();
        try (Response response = send(request, List.of(Scope.pull(repo)), "reading " + client.registry() + "/" + repo)) {
            if (response.code() == 404) throw manifestNotFound(repo, reference);
            if (!response.isSuccessful()) throw failure("fetching manifest " + reference, response);
            byte[] bytes = HttpBodies.read(response, HttpBodies.MAX_DOCUMENT, "manifest");
            Digest actual = Digest.sha256(bytes);
            Digest expected = Digest.isDigest(reference) ? Digest.parse(reference)
                    : digestHeader(response).orElse(actual);
            if (!actual.equals(expected)) {
                throw new RegistryException("manifest " + reference + " does not match its digest " + expected + " (got " + actual + ")");
            }
            String type = response.header("Content-Type");
            if (type != null && type.contains(";")) type = type.substring(0, type.indexOf(';')).trim();
            return new FetchedManifest(bytes, type, actual);
        }
    }

    private RegistryException manifestNotFound(String repo, String reference) {
        String at = Digest.isDigest(reference) ? "@" + reference : ":" + reference;
        return new RegistryException("manifest for " + client.registry() + "/" + repo + at + " not found", 404, null);
    }

    private static Optional<Digest> digestHeader(Response response) {
        return Optional.ofNullable(response.header("Docker-Content-Digest")).filter(Digest::isDigest).map(Digest::parse);
    }

    /**
     * The digest a tag (or digest) points to: HEAD with the manifest Accept types and the registry's
     * {@code Docker-Content-Digest}; a registry that sends none is asked with GET and the bytes are hashed.
     */
    public Digest resolveDigest(String repo, String reference) throws IOException {
        Request request = new Request.Builder().url(client.url(where(repo) + "/manifests/" + reference))
                .header("Accept", MANIFEST_ACCEPT).head().build();
        try (Response response = send(request, List.of(Scope.pull(repo)), "reading " + client.registry() + "/" + repo)) {
            if (response.code() == 404) throw manifestNotFound(repo, reference);
            if (response.isSuccessful()) {
                Optional<Digest> header = digestHeader(response);
                if (header.isPresent()) return header.get();
            }
        }
        return getManifest(repo, reference).digest();
    }

    /**
     * Deletes a manifest by digest ({@code DELETE /v2/REPO/manifests/DIGEST}, scope {@code delete}): the registry
     * removes every tag that points to it. A registry that does not allow deletion answers 405.
     */
    public void deleteManifest(String repo, Digest digest) throws IOException {
        Request request = new Request.Builder().url(client.url(where(repo) + "/manifests/" + digest)).delete().build();
        Scope delete = new Scope("repository", repo, new java.util.LinkedHashSet<>(List.of("delete")));
        try (Response response = send(request, List.of(delete), "deleting from " + client.registry() + "/" + repo)) {
            if (response.code() == 404) throw manifestNotFound(repo, digest.toString());
            if (response.code() == 405) {
                throw new RegistryException(client.registry() + " does not allow deletion (the registry's"
                        + " storage.delete.enabled / REGISTRY_STORAGE_DELETE_ENABLED is off)", 405, null);
            }
            if (!response.isSuccessful()) throw failure("deleting manifest " + digest, response);
        }
    }

    /** A small blob (an image config) read whole, at most {@link HttpBodies#MAX_DOCUMENT}, checked against its digest. */
    public byte[] readSmallBlob(String repo, Descriptor descriptor, String what) throws IOException {
        if (descriptor.size() > HttpBodies.MAX_DOCUMENT) throw new RegistryException(what + " is larger than 4 MiB");
        byte[] bytes = client.retrying(() -> {
            try (Response r = openBlob(repo, descriptor.digest())) {
                return HttpBodies.read(r, HttpBodies.MAX_DOCUMENT, what);
            }
        });
        if (!Digest.sha256(bytes).equals(descriptor.digest())) {
            throw new RegistryException(what + " " + descriptor.digest() + " does not match its digest (got " + Digest.sha256(bytes) + ")");
        }
        return bytes;
    }

    public boolean blobExists(String repo, Digest digest, List<Scope> scopes) throws IOException {
        Request request = new Request.Builder().url(client.url(where(repo) + "/blobs/" + digest)).head().build();
        try (Response response = client.send(request, scopes, true)) {
            if (response.code() == 404 || response.code() == 403) return false;
            if (!response.isSuccessful()) throw failure("checking blob " + digest.shortHex(), response);
            return true;
        }
    }

    /** Opens a blob for reading (following a redirect to a blob store); the caller closes the response. */
    public Response openBlob(String repo, Digest digest) throws IOException {
        Request request = new Request.Builder().url(client.url(where(repo) + "/blobs/" + digest)).get().build();
        Response response = client.send(request, List.of(Scope.pull(repo)), true);
        if (!response.isSuccessful()) {
            try (response) {
                throw failure("fetching blob " + digest.shortHex(), response);
            }
        }
        return response;
    }

    /** Tries to mount a blob from another repository of this registry; 201 mounted, 202 gives an upload session. */
    public MountResult mount(String repo, Digest digest, String from) throws IOException {
        HttpUrl url = client.url(where(repo) + "/blobs/uploads/").newBuilder()
                .addQueryParameter("mount", digest.toString()).addQueryParameter("from", from).build();
        Request request = new Request.Builder().url(url).post(RequestBody.create(new byte[0])).build();
        try (Response response = client.send(request, List.of(Scope.push(repo), Scope.pull(from)), true)) {
            if (response.code() == 201) return new MountResult(true, null);
            if (response.code() == 202) return new MountResult(false, location(response));
            return new MountResult(false, null);
        }
    }

    public HttpUrl startUpload(String repo) throws IOException {
        Request request = new Request.Builder().url(client.url(where(repo) + "/blobs/uploads/"))
                .post(RequestBody.create(new byte[0])).build();
        try (Response response = client.send(request, List.of(Scope.push(repo)), true)) {
            if (response.code() != 202 && response.code() != 201) throw failure("starting an upload", response);
            return location(response);
        }
    }

    /** Relative Locations resolve against the URL that answered. */
    private HttpUrl location(Response response) {
        String location = response.header("Location");
        HttpUrl url = location == null ? null : response.request().url().resolve(location);
        if (url == null) throw new RegistryException(client.registry() + " sent no valid upload Location");
        return url;
    }

    /**
     * Uploads a blob: POST (or the session a mount offered), one streaming PATCH with the whole file, then PUT with
     * {@code digest=} added to the session's query. A PATCH is never sent again on its session (the registry may
     * have kept part of its body), so a failed POST or PATCH starts again from zero on a new session, under the
     * retry policy. The PUT has no body and is retried on its own; if its answer was lost after the registry
     * completed the upload, the retry finds the session gone (404) and the blob there.
     */
    public void upload(String repo, HttpUrl offeredSession, Digest digest, Path file, String id, ProgressListener progress)
            throws IOException {
        long size = Files.size(file);
        upload(repo, offeredSession, digest, () -> new FileBody(file, size, id, progress));
    }

    /**
     * {@link #upload(String, HttpUrl, Digest, Path, String, ProgressListener)} of a blob read from a stream that
     * {@code opener} opens afresh for each attempt (a blob streamed from another place, never stored here).
     */
    public void upload(String repo, HttpUrl offeredSession, Digest digest, long size, StreamBody.Opener opener, String id,
                       ProgressListener progress) throws IOException {
        upload(repo, offeredSession, digest, () -> new StreamBody(opener, size, id, progress));
    }

    private void upload(String repo, HttpUrl offeredSession, Digest digest, java.util.function.Supplier<RequestBody> body)
            throws IOException {
        List<Scope> scopes = List.of(Scope.push(repo));
        HttpUrl[] offered = {offeredSession};
        HttpUrl next = client.retrying(() -> {
            HttpUrl session = offered[0] != null ? offered[0] : startUpload(repo);
            offered[0] = null;
            Request patch = new Request.Builder().url(session).patch(body.get()).build();
            try (Response response = client.send(patch, scopes, false)) {
                if (response.code() != 202 && response.code() != 204 && response.code() != 201) throw failure("uploading blob " + digest.shortHex(), response);
                return response.header("Location") == null ? session : location(response);
            }
        });
        HttpUrl put = next.newBuilder().addQueryParameter("digest", digest.toString()).build();
        Request request = new Request.Builder().url(put).put(RequestBody.create(new byte[0])).build();
        try (Response response = client.send(request, scopes, true)) {
            if (response.code() == 404 && blobExists(repo, digest, scopes)) return;
            if (!response.isSuccessful()) throw failure("completing upload of blob " + digest.shortHex(), response);
        }
    }

    /** PUTs a manifest's exact bytes with its media type; checks Docker-Content-Digest when the registry sends it. */
    public Digest putManifest(String repo, String reference, String mediaType, byte[] bytes) throws IOException {
        Digest digest = Digest.sha256(bytes);
        Request request = new Request.Builder().url(client.url(where(repo) + "/manifests/" + reference))
                .put(RequestBody.create(bytes, MediaType.get(mediaType))).build();
        try (Response response = client.send(request, List.of(Scope.push(repo)), true)) {
            if (!response.isSuccessful()) throw failure("pushing manifest", response);
            String header = response.header("Docker-Content-Digest");
            if (header != null && Digest.isDigest(header) && !Digest.parse(header).equals(digest)) {
                throw new RegistryException("the registry stored the manifest as " + header + " but it is " + digest);
            }
        }
        return digest;
    }
}
