package io.defenderrelay;

import org.apache.camel.spi.Resource;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * relay.routes.reload: Camel's route watcher on the home's routes/, replacing only the routes of the file that was
 * edited, then making the per-tenant poll routes again from the (possibly edited) template. Camel's default would
 * remove every route and load each route's file once per route it holds ("duplicate route id read-window"), and
 * nothing would make the template's routes again. A file that does not load is refused in one line, with its line
 * and column, and the routes already running go on.
 */
final class RouteFileReload extends RouteWatcherReloadStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(RouteFileReload.class);

    private final TenantPollRoutes pollRoutes;

    RouteFileReload(Path routes, String pattern, TenantPollRoutes pollRoutes) {
        super(routes.toAbsolutePath().normalize().toString(), false);
        this.pollRoutes = pollRoutes;
        setPattern(pattern);
        setRemoveAllRoutes(false);
        setResourceReload((name, resource) -> reload(resource));
    }

    private void reload(Resource file) {
        if (isEmpty(file)) {
            LOG.debug("{} is empty: an editor is writing it, its next change is applied", file.getLocation());
            return;
        }
        try {
            onRouteReload(List.of(file), false);
        } catch (RuntimeException e) {
            LOG.error("{} not applied, the running routes go on: {}", file.getLocation(), reason(e));
            return;
        }
        LOG.info("{} applied: its routes replace the running ones", file.getLocation());
        pollRoutes.remake();
    }

    private static boolean isEmpty(Resource file) {
        try {
            return Files.size(Path.of(file.getURI())) == 0;
        } catch (IOException | RuntimeException e) {
            return false; // gone or unreadable: loading it says why
        }
    }

    /** The innermost message (the YAML or XML parser's, naming file, line and column) on one line. */
    static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return Arrays.stream(String.valueOf(root.getMessage()).split("\\R")).map(String::strip)
                .filter(line -> !line.isEmpty() && !line.equals("^")).collect(Collectors.joining(" | "));
    }
}
