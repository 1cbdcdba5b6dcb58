package io.defenderrelay;

import io.defenderrelay.simulator.Fault;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.support.Json;
import io.defenderrelay.testing.DeliveredAlerts;
import io.defenderrelay.testing.RelayProcess;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.defenderrelay.CommandLineTest.run;
import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code backfill}: a range read once through the relay's routes, then exit; resumed after a kill. */
class BackfillCommandTest {
    private static final Duration WINDOW = Duration.ofMinutes(30);

    @TempDir
    Path home;

    /** Settings for the tenant as relay tenant t1, with the shipped relative state/ and out/ (they land under home). */
    private Map<String, String> settings(SimTenant tenant) {
        Map<String, String> settings = RelayHarness.settingsFor(tenant, home, "");
        settings.keySet().removeAll(Set.of("relay.state.dir", "relay.sink.file.dir", "relay.dead-letter.dir"));
        settings.put("relay.poll.max-window", WINDOW.toString());
        return settings;
    }

    @Test
    void readsTheRangeOnceAndExitsLeavingTheDaemonsCheckpointAlone() throws IOException {
        SimTenant tenant = RelayHarness.newSecretTenant(120, Duration.ofHours(3));
        Instant now = Instant.now();
        List<String> outside = tenant.alerts().generate(5, now.minus(Duration.ofHours(9)), now.minus(Duration.ofHours(8)));
        Set<String> inRange = tenant.alerts().ids().stream().filter(id -> !outside.contains(id)).collect(Collectors.toSet());
        RelayProcess.writeSettings(home, settings(tenant));

        CommandLineTest.Ran backfill = run("backfill", "--from", "PT4H", "--home", home.toString());

        assertEquals(0, backfill.status(), backfill.toString());
        DeliveredAlerts out = new DeliveredAlerts(home.resolve("out"));
        assertEquals(inRange, out.ids(), "every alert of the range, none before it");
        assertEquals(inRange.size(), out.all().size(), "each once");
        assertTrue(backfill.out().contains("backfill complete: 8/8 windows, 120 alerts in "), backfill.out());
        assertTrue(Files.exists(home.resolve("state/backfill/PT4H_to_now/t1.checkpoint.json")));
        assertFalse(Files.exists(home.resolve("state/t1.checkpoint.json")), "the daemon's checkpoint is not touched");
    }

    @Test
    void inClusterModeTheDaemonsCheckpointIsInKafkaAndABackfillRefusesToUseIt() throws IOException {
        Map<String, String> settings = settings(RelayHarness.newSecretTenant());
        settings.put("relay.cluster.enabled", "true");
        RelayProcess.writeSettings(home, settings);

        CommandLineTest.Ran backfill = run("backfill", "--from", "PT4H", "--use-daemon-checkpoint", "--home", home.toString());

        assertEquals(RelayMain.REFUSED, backfill.status(), backfill.toString());
        assertTrue(backfill.err().contains("--use-daemon-checkpoint: in cluster mode (relay.cluster.enabled) the daemon's"
                + " checkpoints are in Kafka"), backfill.err());
    }

    @Test
    void resumesAfterAKillWithoutSendingDeliveredWindowsAgain() throws IOException, InterruptedException {
        SimTenant tenant = RelayHarness.newSecretTenant(600, Duration.ofHours(10));
        tenant.faults().sometimes(Fault.slow(Duration.ofMillis(300)), 1.0); // ~20 windows take seconds
        Map<String, String> settings = settings(tenant);
        Path checkpoint = home.resolve("state/backfill/PT11H_to_now/t1.checkpoint.json");
        DeliveredAlerts out = new DeliveredAlerts(home.resolve("out"));

        try (RelayProcess first = RelayProcess.command(home, settings, "backfill", "--from", "PT11H")) {
            await("the backfill's checkpoint past its first windows", Duration.ofSeconds(60), Duration.ofMillis(100),
                    () -> windowEnd(checkpoint).isAfter(Instant.now().minus(Duration.ofHours(8))) || !first.isAlive());
            assertTrue(first.isAlive(), first.log());
            first.kill();
        }
        int beforeResume = out.all().size();
        assertTrue(beforeResume > 0 && beforeResume < 600, "interrupted mid-run: " + beforeResume);
        tenant.faults().clear();

        CommandLineTest.Ran resumed = run("backfill", "--from", "PT11H", "--home", home.toString());

        assertEquals(0, resumed.status(), resumed.toString());
        assertEquals(Set.copyOf(tenant.alerts().ids()), out.ids(), "every alert of the range");
        Map<String, Long> copies = out.all().stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
        List<Instant> sentTwice = copies.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> Instant.parse(tenant.alerts().get(e.getKey()).path("lastUpdateDateTime").asText())).sorted()
                .toList();
        assertTrue(copies.values().stream().allMatch(n -> n <= 2), "no alert more than twice");
        assertTrue(sentTwice.isEmpty() || Duration.between(sentTwice.get(0), sentTwice.get(sentTwice.size() - 1))
                .compareTo(WINDOW) < 0, "only the window in flight at the kill is sent again: " + sentTwice);
    }

    private static Instant windowEnd(Path checkpoint) {
        try {
            JsonNode saved = Json.mapper().readTree(Files.readAllBytes(checkpoint));
            return Instant.parse(saved.path("windowEnd").asText());
        } catch (IOException | RuntimeException e) {
            return Instant.MIN;
        }
    }
}
