package io.defenderrelay.config;

import java.util.Map;
import java.util.function.Predicate;

/**
 * The route files relay.routes names: each name or glob must match a file where the relay loads routes from.
 *
 * @param where     the directory, as an operator should read it in a message
 * @param locations each relay.routes entry → the location Camel loads it from
 * @param found     whether a location matches at least one file, as Camel resolves it
 */
public record RouteFiles(String where, Map<String, String> locations, Predicate<String> found) {

    void check(Problems problems) {
        locations.forEach((pattern, location) -> {
            if (!found.test(location)) {
                problems.add("relay.routes: '" + pattern + "' matches no route file in " + where + ": correct the name");
            }
        });
    }
}
