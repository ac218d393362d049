package dev.stowage.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A content digest such as {@code sha256:2cf24dba…}. Only sha256 is accepted for storage. */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
    public Digest {
        if (!"sha256".equals(algorithm) && !"sha512".equals(algorithm)) {
            throw new ImageFormatException("unsupported digest algorithm '" + algorithm + "'");
        }
        if (!isLowerHex(hex, "sha256".equals(algorithm) ? 64 : 128)) {
            throw new ImageFormatException("invalid " + algorithm + " digest '" + hex + "'");
        }
    }

    /** A plain loop, not a regex: digests are made for every file of every layer. */
    private static boolean isLowerHex(String s, int length) {
        if (s == null || s.length() != length) return false;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        }
        return true;
    }

    /** Parses {@code algorithm:hex}; anything else is an {@link ImageFormatException}. */
    public static Digest parse(String text) {
        if (text == null) throw new ImageFormatException("missing digest");
        int colon = text.indexOf(':');
        if (colon <= 0) throw new ImageFormatException("invalid digest '" + text + "': expected sha256:<64 hex>");
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static boolean isDigest(String text) {
        try {
            parse(text);
            return true;
        } catch (ImageFormatException e) {
            return false;
        }
    }

    public static Digest sha256(byte[] bytes) {
        return ofSha256(newSha256().digest(bytes));
    }

    public static Digest sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static Digest ofSha256(byte[] rawDigest) {
        return new Digest("sha256", HexFormat.of().formatHex(rawDigest));
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first 12 hex characters, as docker shows image IDs. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    @Override
    public int compareTo(Digest o) {
        return toString().compareTo(o.toString());
    }
}
