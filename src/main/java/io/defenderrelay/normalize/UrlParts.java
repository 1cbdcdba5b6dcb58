package io.defenderrelay.normalize;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

import static io.defenderrelay.normalize.Nodes.put;

/**
 * A URL text → OCSF url: {@code url_string} as Graph sent it, plus the parts OCSF recommends (scheme, hostname,
 * port, path, query_string) when the text parses as a URI; a text that does not parse keeps only url_string.
 */
final class UrlParts {
    /** The port a URL without one resolves to, for the schemes Defender reports. */
    private static final Map<String, Long> DEFAULT_PORTS = Map.of("http", 80L, "https", 443L, "ftp", 21L);

    private UrlParts() {
    }

    static ObjectNode url(String text) {
        ObjectNode url = Nodes.newObject().put("url_string", text);
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return url;
        }
        if (uri.isOpaque() || uri.getScheme() == null || uri.getHost() == null) {
            return url;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        url.put("scheme", scheme);
        url.put("hostname", uri.getHost());
        put(url, "port", uri.getPort() >= 0 ? Long.valueOf(uri.getPort()) : DEFAULT_PORTS.get(scheme));
        put(url, "path", nonEmpty(uri.getRawPath()));
        put(url, "query_string", nonEmpty(uri.getRawQuery()));
        return url;
    }

    private static String nonEmpty(String part) {
        return part == null || part.isEmpty() ? null : part;
    }
}
