package io.defenderrelay.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The OData query options of one alerts_v2 request, checked against Graph's limits: $top clamped to 1000 (and the
 * simulator's page size), $skip at most 500, $count, $filter; $orderby and anything else refused.
 */
record AlertQuery(String filterText, AlertFilter filter, Integer requestedTop, int top, int skip, boolean count) {
    static final int GRAPH_MAX_TOP = 1000;
    static final int GRAPH_MAX_SKIP = 500;
    private static final Set<String> SUPPORTED = Set.of("$filter", "$top", "$skip", "$count");

    static AlertQuery parse(String rawQuery, int maxPageSize) throws InvalidQuery {
        Map<String, String> options = options(rawQuery);
        for (String name : options.keySet()) {
            if (name.equals("$orderby")) {
                throw new InvalidQuery("Query option '$orderby' is not supported on alerts_v2. Results come newest "
                        + "first (lastUpdateDateTime descending); narrow the $filter instead of sorting.");
            }
            if (name.startsWith("$") && !SUPPORTED.contains(name)) {
                throw new InvalidQuery("Query option '" + name + "' is not supported on alerts_v2 by the simulator; "
                        + "use $filter, $top, $skip and $count.");
            }
        }
        String filterText = options.get("$filter");
        AlertFilter filter = filterText == null ? AlertFilter.all() : new FilterParser().parse(filterText);
        int pageLimit = Math.min(GRAPH_MAX_TOP, maxPageSize);
        Integer requestedTop = options.containsKey("$top") ? number(options.get("$top"), "$top", 1) : null;
        int top = requestedTop == null ? pageLimit : Math.min(requestedTop, pageLimit);
        int skip = options.containsKey("$skip") ? number(options.get("$skip"), "$skip", 0) : 0;
        if (skip > GRAPH_MAX_SKIP) {
            throw new InvalidQuery("The value of query option '$skip' (" + skip + ") exceeds the maximum of "
                    + GRAPH_MAX_SKIP + " for alerts_v2. Narrow the $filter (e.g. a shorter lastUpdateDateTime range) "
                    + "instead of paging deeper.");
        }
        return new AlertQuery(filterText, filter, requestedTop, top, skip, bool(options.get("$count")));
    }

    private static Map<String, String> options(String rawQuery) throws InvalidQuery {
        Map<String, String> options = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return options;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InvalidQuery("The query string is not correctly URL-encoded near '" + pair + "'.");
            }
            if (options.put(name, value) != null) {
                throw new InvalidQuery("Query option '" + name + "' was specified more than once; it must be "
                        + "specified at most once.");
            }
        }
        return options;
    }

    private static int number(String text, String option, int minimum) throws InvalidQuery {
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            value = Integer.MIN_VALUE;
        }
        if (value >= minimum) {
            return value;
        }
        throw new InvalidQuery("Invalid value '" + text + "' for query option '" + option + "': expected an integer "
                + "of at least " + minimum + ".");
    }

    private static boolean bool(String text) throws InvalidQuery {
        if (text == null || text.equalsIgnoreCase("false")) {
            return false;
        }
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        throw new InvalidQuery("Invalid value '" + text + "' for query option '$count': expected true or false.");
    }
}
