package org.hotline.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Encodes a user-given name as one URL path segment, so it can never add segments. */
final class PathSegments {
    private PathSegments() {}

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
