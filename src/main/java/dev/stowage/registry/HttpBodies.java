package dev.stowage.registry;

import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InputStream;

/** Reading response bodies with a size cap, so a hostile server cannot exhaust memory. */
public final class HttpBodies {
    public static final long MAX_DOCUMENT = 4L << 20;
    public static final long MAX_TOKEN = 1L << 20;
    private static final long MAX_ERROR = 64L << 10;

    private HttpBodies() {
    }

    public static byte[] read(Response response, long cap, String what) throws IOException {
        ResponseBody body = response.body();
        long declared = body.contentLength();
        if (declared > cap) throw new RegistryException(what + " is " + declared + " bytes, more than the " + cap + " byte limit");
        try (InputStream in = body.byteStream()) {
            byte[] bytes = in.readNBytes((int) cap + 1);
            if (bytes.length > cap) throw new RegistryException(what + " is larger than the " + cap + " byte limit");
            return bytes;
        }
    }

    /** The registry's error message ({@code errors[0].message} or code), for one-line failures; never throws. */
    public static String errorText(Response response) {
        try {
            byte[] bytes = read(response, MAX_ERROR, "error body");
            var root = dev.stowage.image.Json.readTree(bytes);
            var first = root == null ? null : root.path("errors").path(0);
            if (first != null && !first.isMissingNode()) {
                String code = first.path("code").asText("");
                String message = first.path("message").asText("");
                String detail = code.isEmpty() ? message : message.isEmpty() ? code.toLowerCase() : code.toLowerCase() + ": " + message;
                return detail.replace('\n', ' ');
            }
        } catch (IOException | RuntimeException ignored) {
            // not a JSON error document
        }
        return "";
    }
}
