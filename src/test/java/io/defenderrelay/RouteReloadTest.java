package io.defenderrelay;

import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.support.Json;
import io.defenderrelay.testing.CapturedLog;
import io.defenderrelay.testing.DeliveredAlerts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * relay.routes.reload: a route file edited under the home's routes/ while the relay polls takes effect at the next
 * poll (the per-tenant poll routes included), every alert is delivered once across the edit, and a file that does not
 * parse is refused with its line and column while the running routes go on.
 */
class RouteReloadTest {
    private static final int BATCH = 20;

    @TempDir
    Path dir;

    private final SimTenant tenant = RelayHarness.newSecretTenant(BATCH, Duration.ofMinutes(30));

    @Test
    void anEditedRouteFileTakesEffectAtTheNextPollAndABrokenOneIsRefused() throws IOException {
        Path home = dir.resolve("home");
        Path routes = Files.createDirectories(home.resolve("routes"));
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path file : shipped.toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "PT1H");
        settings.put("relay.routes.reload", "true");
        settings.put("relay.sink.file.per-tenant", "true");
        Path out = dir.resolve("out");
        try (CapturedLog log = new CapturedLog(RouteFileReload.class.getName());
             CapturedLog edits = new CapturedLog("io.defenderrelay.edited");
             RelayHarness relay = RelayHarness.start(home, dir, settings, Clock.systemUTC())) {
            await("the first alerts", Duration.ofSeconds(20), () -> relay.deliveredIds().size() == BATCH);

            // the file sink names its files after the tenant it is given: the edit gives it another name
            Path deliver = routes.resolve("deliver.camel.yaml");
            String original = Files.readString(deliver);
            String edit = original.replace("method: \"writeShare(${header.tenant}, ${body})\"",
                    "method: \"writeShare('t1-edited', ${body})\"");
            assertTrue(!edit.equals(original), "the shipped deliver route names the tenant's file");
            Files.writeString(deliver, edit);
            // the watcher sees the edit a moment later (a busy machine: seconds); alerts before that go to the old file
            await("the edit applied", Duration.ofSeconds(30),
                    () -> !log.linesContaining("deliver.camel.yaml applied").isEmpty());
            Set<String> second = newAlerts(2 * BATCH);
            await("the alerts after the edit", Duration.ofSeconds(30), () -> relay.deliveredIds().size() == 3 * BATCH);
            assertTrue(editedFileIds(out).containsAll(second), "written by the edited route");
            assertEquals(3 * BATCH, relay.delivered().size(), "every alert once across the edit");

            // the template itself: the poll routes are made again from the edited one
            Path poll = routes.resolve("poll-alerts.camel.yaml");
            Files.writeString(poll, Files.readString(poll).replace("- setHeader:\n              name: tenant\n",
                    "- log:\n              message: \"edited template polls {{tenant}}\"\n              logName: io.defenderrelay.edited\n"
                    + "          - setHeader:\n              name: tenant\n"));
            await("a poll by the edited template", Duration.ofSeconds(30),
                    () -> !edits.linesContaining("edited template polls t1").isEmpty());
            Set<String> third = newAlerts(BATCH);
            await("the alerts after the template edit", Duration.ofSeconds(30),
                    () -> relay.deliveredIds().containsAll(third));

            String broken = edit + "\n- route:\n    id: broken\n    from: [unclosed\n";
            Files.writeString(deliver, broken);
            await("the refusal", Duration.ofSeconds(30), () -> !log.linesContaining("not applied").isEmpty());
            String refusal = log.linesContaining("not applied").get(0).text();
            assertTrue(refusal.startsWith("ERROR file:" + deliver.toAbsolutePath().normalize() + " not applied, the"
                    + " running routes go on: ")
                    && refusal.contains("deliver.camel.yaml, line " + (broken.lines().count() + 1) + ", column 1"), refusal);
            Set<String> fourth = newAlerts(BATCH);
            await("the alerts after the broken edit", Duration.ofSeconds(30),
                    () -> relay.deliveredIds().containsAll(fourth));
            assertTrue(editedFileIds(out).containsAll(fourth), "the running routes went on");
            assertEquals(relay.deliveredIds().size(), relay.delivered().size(), "every alert once");
            assertEquals(5 * BATCH, relay.delivered().size());
        }
    }

    /** {@code count} alerts updated a moment from now, so the next polls find them. */
    private Set<String> newAlerts(int count) {
        Instant now = Instant.now();
        return Set.copyOf(tenant.alerts().generate(count, now.plusMillis(200), now.plusMillis(800)));
    }

    /** Alert ids in the files the edited deliver route writes (alerts-DATE-t1.edited.ndjson). */
    private static Set<String> editedFileIds(Path out) throws IOException {
        Set<String> ids = new HashSet<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.filter(f -> f.getFileName().toString().contains("-t1.edited")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    ids.add(DeliveredAlerts.alertId(Json.mapper().readTree(line)));
                }
            }
        }
        return ids;
    }

    @Test
    void reloadingNeedsRoutesOfTheHomesOwn() {
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "PT1H");
        settings.put("relay.routes.reload", "true");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> RelayHarness.start(dir.resolve("empty-home"), dir, settings, Clock.systemUTC()).close());
        assertTrue(refused.getMessage().contains("relay.routes.reload = true, but " + dir.resolve("empty-home")
                + " has no routes/ directory"), refused.getMessage());
    }
}
