package org.openipma.b2bua.web;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The pages: classpath resources under {@code web/} (in the source tree {@code b2bua/src/main/resources/web/}),
 * served at {@code /}, {@code index.html} for {@code /}. A path is served only when it is plain — letters,
 * digits, {@code . _ -} in segments separated by single {@code /}, no segment starting with a dot, a file
 * extension we know — so no {@code ..}, encoded or not, and no directory listing can be reached. Each file has a
 * strong ETag (a digest of its bytes): the pages are sent {@code no-cache}, a browser revalidates and gets 304.
 */
final class StaticFiles {
    private static final String ROOT = "web/";
    private static final Pattern PLAIN = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    /** A file to send. */
    record File(byte[] content, String contentType, String etag) {
    }

    private final ClassLoader loader;

    StaticFiles(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * The file at the decoded request path {@code path}, if it is a plain path of an existing file.
     *
     * @param rawPath the path as sent, before decoding: an escaped dot or slash is refused too
     */
    Optional<File> find(String rawPath, String path) {
        if (rawPath.contains("%") || rawPath.contains("\\")) {
            return Optional.empty();
        }
        String name = path.equals("/") ? "/index.html" : path;
        if (!PLAIN.matcher(name).matches() || name.contains("..")) {
            return Optional.empty();
        }
        int dot = name.lastIndexOf('.');
        String type = dot < name.lastIndexOf('/') ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = loader.getResourceAsStream(ROOT + name.substring(1))) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] content = in.readAllBytes();
            return Optional.of(new File(content, type, etag(content)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String etag(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
