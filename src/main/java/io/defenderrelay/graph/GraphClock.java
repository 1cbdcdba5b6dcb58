package io.defenderrelay.graph;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Graph's clock as each tenant's answers show it (their {@code Date} header): alerts carry Graph's timestamps, so
 * windows must end behind Graph's now, not this machine's, or a fast local clock closes windows Graph still fills.
 */
public final class GraphClock {

    private static final Logger LOG = LoggerFactory.getLogger(GraphClock.class);
    /**
     * The Date header counts whole seconds and is read a moment after Graph wrote it (longer on a busy machine): a
     * difference this small is not evidence of skew, and applying it would move Graph's now back and forth.
     */
    private static final Duration RESOLUTION = Duration.ofSeconds(2);
    private static final Duration WORTH_SAYING = Duration.ofSeconds(5);

    private final Clock local;
    private final Map<String, Duration> offsets = new ConcurrentHashMap<>();

    public GraphClock(Clock local) {
        this.local = local;
    }

    /** Graph's now for this tenant: this machine's, corrected by the offset its last answer showed. */
    public Instant now(String tenant) {
        return local.instant().plus(offsets.getOrDefault(tenant, Duration.ZERO));
    }

    /** Takes the {@code Date} header of a Graph answer just received; ignores one that is missing or unreadable. */
    public void observe(String tenant, String dateHeader) {
        if (dateHeader == null) {
            return;
        }
        Instant graph;
        try {
            graph = ZonedDateTime.parse(dateHeader, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return;
        }
        // the header is truncated to the second, so Graph is at most this far ahead: windows err towards ending early
        Duration offset = Duration.ofSeconds(Math.floorDiv(Duration.between(local.instant(), graph).toMillis(), 1000));
        Duration applied = offset.abs().compareTo(RESOLUTION) <= 0 ? Duration.ZERO : offset;
        Duration before = offsets.put(tenant, applied);
        if (!applied.isZero() && (before == null || applied.minus(before).abs().compareTo(WORTH_SAYING) > 0)
                && applied.abs().compareTo(WORTH_SAYING) > 0) {
            LOG.warn("tenant {}: Graph's clock is {} s {} this machine's; windows are planned on Graph's clock (check this "
                    + "machine's time sync)", tenant, applied.abs().toSeconds(), applied.isNegative() ? "behind" : "ahead of");
        }
    }
}
