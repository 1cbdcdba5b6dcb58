package io.defenderrelay;

import io.defenderrelay.simulator.RecordedRequest;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.testing.ShippedSettings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The relay with the ingestion delay and look-back it ships with (the other end-to-end tests set both to 0). */
class ShippedPollSettingsTest {
    private static final Pattern WINDOW =
            Pattern.compile("lastUpdateDateTime ge (\\S+) and lastUpdateDateTime lt (\\S+?)(?:&|$| )");

    private static final Duration DELAY = shipped("relay.ingestion-delay");
    private static final Duration LOOKBACK = shipped("relay.lookback");
    private static final Duration LATE_AUDIT = shipped("relay.late-audit");

    @TempDir
    Path dir;

    private static Duration shipped(String key) {
        return Duration.parse(ShippedSettings.map().get(key));
    }

    private record Window(Instant start, Instant end, Instant askedAt) {
    }

    @Test
    void everySettledAlertArrivesOnceAndNoneInsideTheIngestionDelay() {
        SimTenant tenant = RelayHarness.newSecretTenant();
        Instant now = Instant.now();
        Set<String> settled = Set.copyOf(tenant.alerts().generate(200, now.minus(Duration.ofMinutes(50)),
                now.minus(DELAY).minus(Duration.ofMinutes(1))));
        tenant.alerts().generate(5, now.minus(DELAY).plusSeconds(60), now); // not yet queryable: Graph is minutes late
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "PT1H");
        settings.remove("relay.ingestion-delay");
        settings.remove("relay.lookback");

        List<Window> windows;
        try (RelayHarness relay = RelayHarness.start(dir, settings)) {
            relay.awaitDelivered(settled, Duration.ofSeconds(30));
            int read = windows(tenant).size();
            await("three more polls re-reading the look-back", Duration.ofSeconds(20),
                    () -> windows(tenant).size() >= read + 3);
            assertEquals(settled, relay.deliveredIds(), "the settled alerts and none inside the ingestion delay");
            assertEquals(200, relay.delivered().size(), "each once, though every poll reads the look-back again");
            windows = windows(tenant);
        }
        for (int i = windows.size() - 3; i < windows.size(); i++) {
            Window window = windows.get(i);
            assertEquals(windows.get(i - 1).end().minus(LOOKBACK), window.start(), "starts a look-back before the last end");
            // Graph's now is read from its Date header (whole seconds), and the request leaves a moment after the plan
            Duration behind = Duration.between(window.end(), window.askedAt());
            assertTrue(behind.minus(DELAY).abs().compareTo(Duration.ofSeconds(5)) < 0,
                    "ends the ingestion delay behind Graph's now: " + window);
        }
    }

    /** The windows the relay asked for (their first pages), in order, but the late audit's. */
    private static List<Window> windows(SimTenant tenant) {
        List<Window> windows = new ArrayList<>();
        for (RecordedRequest request : tenant.requests().all()) {
            String query = URLDecoder.decode(request.pathAndQuery(), StandardCharsets.UTF_8);
            Matcher filter = WINDOW.matcher(query);
            if (request.kind() == RecordedRequest.Kind.ALERTS && !query.contains("$skip=") && filter.find()) {
                Window window = new Window(Instant.parse(filter.group(1)), Instant.parse(filter.group(2)), request.receivedAt());
                if (!Duration.between(window.start(), window.end()).equals(LATE_AUDIT)) {
                    windows.add(window);
                }
            }
        }
        return windows;
    }
}
