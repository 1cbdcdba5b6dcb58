package io.defenderrelay.graph;

import io.defenderrelay.support.GraphTime;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Cuts a window that holds more alerts than Graph can return into parts that cover it exactly, placing the cuts where
 * its first page shows the alerts are: first by lastUpdateDateTime, then, inside one instant (a bulk action), by
 * createdDateTime, and last by the enumerations $filter accepts (the documented members plus those the page shows).
 * Parts whose alerts the page did not show may overflow again; they are split the same way from their own page.
 * <p>
 * Graph sends the newest alerts first. A page in that order holds every alert of the window newer than its oldest one,
 * so the cuts in that range follow the page exactly; of the alerts it could not show, the share of the page at its
 * oldest instant is put at that instant and the rest is spread evenly over the rest of the window. A page in no order
 * stands for the whole window: each alert on it for count / page size alerts. The estimate only decides how many
 * requests the parts take; the parts cover the window whatever it says.
 */
public final class WindowSplitter {

    /**
     * Enumerations $filter can split one instant by; the one the page predicts the fewest requests for is used first.
     * A value outside these lists that the page does not show either is caught by comparing the parts' counts with the
     * window's (see WindowPlanner) and the next read enumerates another property.
     */
    static final Map<String, List<String>> ENUMS = Map.of(
            "status", List.of("unknown", "new", "inProgress", "resolved", "unknownFutureValue"),
            "severity", List.of("unknown", "informational", "low", "medium", "high", "unknownFutureValue"),
            "serviceSource", List.of("unknown", "microsoftDefenderForEndpoint", "microsoftDefenderForIdentity",
                    "microsoftDefenderForCloudApps", "microsoftDefenderForOffice365", "microsoft365Defender",
                    "azureAdIdentityProtection", "microsoftAppGovernance", "dataLossPrevention", "unknownFutureValue",
                    "microsoftDefenderForCloud", "microsoftSentinel", "microsoftInsiderRiskManagement",
                    "microsoftThreatIntelligence"));
    static final List<String> ENUM_ORDER = List.of("status", "severity", "serviceSource");
    /** What an enum value from a page must look like before it goes into a $filter. */
    private static final Pattern ENUM_VALUE = Pattern.compile("[A-Za-z0-9]{1,64}");
    /** What {@link #requests} counts for a value that no enumeration left could split: far more than any split. */
    private static final double UNSPLITTABLE = 1e6;
    /** The most instants the alerts a page could not show are spread over. */
    private static final long MAX_SPREAD_POINTS = 4096;

    /** Window::withTime or Window::withCreated: the window narrowed to one range of that axis. */
    private interface Narrowing {
        Window to(Window window, Instant from, Instant to);
    }

    private final int targetPerWindow;

    public WindowSplitter(int targetPerWindow) {
        if (targetPerWindow < 1) {
            throw new IllegalArgumentException("targetPerWindow must be positive");
        }
        this.targetPerWindow = targetPerWindow;
    }

    /**
     * Parts covering exactly {@code window}, which Graph counts {@code count} alerts in, given the alerts its first page
     * showed, oldest first as {@link WindowRead#alerts()} lists them; {@code attempt} (0 first) picks
     * another enumeration when an earlier one fell short. Throws when the window cannot be narrowed any further.
     */
    public List<Window> split(Window window, long count, Collection<PagedAlert> sample, int attempt) {
        if (ticks(window.start(), window.end()) >= 2) {
            return cut(window.start(), window.end(), updates(window, count, sample), Window::withTime, window);
        }
        if (window.createdFrom() == null || window.createdTo() == null
                || ticks(window.createdFrom(), window.createdTo()) >= 2) {
            return cut(window.createdFrom(), window.createdTo(), weighted(instants(sample, "createdDateTime"),
                    weight(count, sample)), Window::withCreated, window);
        }
        List<String> free = ENUM_ORDER.stream().filter(p -> !window.equals().containsKey(p)).toList();
        if (free.isEmpty()) {
            throw new WindowOverflowException(window);
        }
        // estimated once per property: a comparator would estimate again at every comparison
        Map<String, Double> cost = new HashMap<>();
        free.forEach(p -> cost.put(p, requests(p, sample, count, free)));
        List<String> cheapestFirst = free.stream().sorted(Comparator.comparingDouble(cost::get)).toList();
        String property = cheapestFirst.get(attempt % free.size());
        return values(property, sample).stream().map(value -> window.withEquals(property, value)).toList();
    }

    /**
     * The requests the sample predicts reading {@code count} alerts takes when enumerating {@code property} first and
     * then, for each value still holding more than a page, the cheapest of the other {@code free} properties.
     */
    private double requests(String property, Collection<PagedAlert> sample, double count, List<String> free) {
        List<String> rest = free.stream().filter(p -> !p.equals(property)).toList();
        double requests = values(property, sample).size();
        for (List<PagedAlert> same : groups(property, sample)) {
            double share = count * same.size() / sample.size();
            if (share > targetPerWindow) {
                requests += rest.isEmpty() ? UNSPLITTABLE : rest.stream()
                        .mapToDouble(p -> requests(p, same, share, rest)).min().orElseThrow();
            }
        }
        return requests;
    }

    private static Collection<List<PagedAlert>> groups(String property, Collection<PagedAlert> sample) {
        Map<String, List<PagedAlert>> groups = new HashMap<>();
        sample.forEach(alert -> groups.computeIfAbsent(alert.text(property), v -> new ArrayList<>()).add(alert));
        return groups.values();
    }

    /** True when the parts of a split by {@link #split} are an enumeration, which may miss an unknown value. */
    public static boolean enumerates(Window parent, Window part) {
        return part.equals().size() > parent.equals().size();
    }

    /**
     * Contiguous ranges from {@code from} to {@code to} (null = open), each holding at most the target of the observed
     * values (weighted); a value seen more often than the target gets a range of one tick of its own.
     */
    private List<Window> cut(Instant from, Instant to, TreeMap<Instant, Double> estimate, Narrowing narrow,
                             Window window) {
        List<Instant> cuts = new ArrayList<>();
        double held = 0;
        for (Map.Entry<Instant, Double> value : estimate.subMap(from == null ? Instant.MIN : from, true,
                to == null ? Instant.MAX : to, false).entrySet()) {
            Instant at = value.getKey();
            double count = value.getValue();
            if (count > targetPerWindow) {
                cuts.add(at);
                cuts.add(at.plus(GraphTime.TICK));
                held = 0;
            } else if (held + count > targetPerWindow) {
                cuts.add(at);
                held = count;
            } else {
                held += count;
            }
        }
        List<Window> parts = new ArrayList<>();
        Instant start = from;
        for (Instant cut : cuts) {
            if ((start == null || start.isBefore(cut)) && (to == null || cut.isBefore(to))) {
                parts.add(narrow.to(window, start, cut));
                start = cut;
            }
        }
        parts.add(narrow.to(window, start, to));
        if (parts.size() == 1) {
            // the page showed nothing to cut at: halve, so the parts are at least smaller than the window
            return halves(from, to, narrow, window);
        }
        return parts;
    }

    private static List<Window> halves(Instant from, Instant to, Narrowing narrow,
                                       Window window) {
        Instant middle;
        if (from == null || to == null) {
            middle = from == null ? (to == null ? window.start() : to.minus(GraphTime.TICK)) : from.plus(GraphTime.TICK);
        } else {
            middle = from.plus(GraphTime.TICK.multipliedBy(ticks(from, to) / 2));
        }
        return List.of(narrow.to(window, from, middle), narrow.to(window, middle, to));
    }

    private static double weight(long count, Collection<PagedAlert> sample) {
        return sample.isEmpty() ? 1 : Math.max(1.0, (double) count / sample.size());
    }

    /**
     * Estimated alerts per lastUpdateDateTime instant of the window. A sample in Graph's order (oldest first here) is
     * exact from its oldest instant on and the alerts it could not show lie at or before that instant; one in the
     * reverse order, the same mirrored; one in no order is weighted evenly.
     */
    private TreeMap<Instant, Double> updates(Window window, long count, Collection<PagedAlert> sample) {
        List<Instant> instants = instants(sample, "lastUpdateDateTime");
        long unseen = count - sample.size();
        if (instants.isEmpty() || unseen <= 0) {
            return weighted(instants, weight(count, sample));
        }
        Instant first = instants.get(0);
        TreeMap<Instant, Double> estimate = weighted(instants, 1);
        // the page's edge instant likely goes on past the page as often as it fills it (a bulk action's burst)
        double tied = unseen * estimate.get(first) / instants.size();
        if (ordered(instants, 1)) {
            spread(estimate, unseen - tied, window.start(), first);
        } else if (ordered(instants, -1)) {
            spread(estimate, unseen - tied, first, window.end().minus(GraphTime.TICK));
        } else {
            return weighted(instants, weight(count, sample));
        }
        estimate.merge(first, tied, Double::sum);
        return estimate;
    }

    /** True when each instant compares to the next as {@code sign} or equal. */
    private static boolean ordered(List<Instant> instants, int sign) {
        for (int i = 1; i < instants.size(); i++) {
            if (Integer.signum(instants.get(i).compareTo(instants.get(i - 1))) == -sign) {
                return false;
            }
        }
        return true;
    }

    /** Adds {@code alerts} spread evenly over the instants from {@code low} to {@code high}, both included. */
    private void spread(TreeMap<Instant, Double> estimate, double alerts, Instant low, Instant high) {
        if (alerts < 1) {
            return;
        }
        long span = Math.max(0, ticks(low, high));
        // points fine enough that none alone outweighs a part, and few enough whatever count Graph claims
        long points = Math.min(Math.min(span + 1, MAX_SPREAD_POINTS),
                Math.max(1, (long) Math.ceil(alerts * 8 / targetPerWindow)));
        for (long i = 0; i < points; i++) {
            Instant at = points == 1 ? high : low.plus(GraphTime.TICK.multipliedBy(span * i / (points - 1)));
            estimate.merge(at, alerts / points, Double::sum);
        }
    }

    private static TreeMap<Instant, Double> weighted(List<Instant> instants, double weight) {
        TreeMap<Instant, Double> estimate = new TreeMap<>();
        instants.forEach(at -> estimate.merge(at, weight, Double::sum));
        return estimate;
    }

    /** The sample's instants of {@code field}, in its order; unparsable values are left out. */
    private static List<Instant> instants(Collection<PagedAlert> sample, String field) {
        List<Instant> instants = new ArrayList<>(sample.size());
        for (PagedAlert alert : sample) {
            try {
                instants.add(GraphTime.parse(alert.text(field)));
            } catch (DateTimeException e) {
                // cannot place it; the part it falls in is read anyway
            }
        }
        return instants;
    }

    /** The documented members and any other plain value the sample shows, most frequent in the sample first. */
    private static List<String> values(String property, Collection<PagedAlert> sample) {
        Map<String, Integer> frequency = new LinkedHashMap<>();
        for (PagedAlert alert : sample) {
            String value = alert.text(property);
            if (ENUM_VALUE.matcher(value).matches()) {
                frequency.merge(value, 1, Integer::sum);
            }
        }
        Set<String> values = new LinkedHashSet<>();
        frequency.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> values.add(e.getKey()));
        values.addAll(ENUMS.get(property));
        return List.copyOf(values);
    }

    private static long ticks(Instant from, Instant to) {
        return java.time.Duration.between(from, to).dividedBy(GraphTime.TICK);
    }
}
