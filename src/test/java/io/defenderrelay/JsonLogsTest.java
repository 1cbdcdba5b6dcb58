package io.defenderrelay;

import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.support.Json;
import io.defenderrelay.testing.DeliveredAlerts;
import io.defenderrelay.testing.HecReceiver;
import io.defenderrelay.testing.RelayProcess;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON log layout as an operator switches it on (-Drelay.log.format=json), in the relay's own JVM (the fat jar
 * under -Plong, whose merged log4j plugin cache must hold the layout and the relay's masking converter), with the root
 * logger at DEBUG: every line is one JSON object, the per-window INFO line is there, and no secret is in any.
 */
class JsonLogsTest {
    /** A JSON Web Token (a client assertion or an access token). */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]+");
    /**
     * log4j's own status line (on standard error) when an event is logged while one is being formatted: Camel's
     * SSLContext decorator creates an SSLEngine in its toString, which logs at DEBUG; the text layout says the same.
     */
    private static final Pattern RECURSION = Pattern.compile("^\\S+ \\S+ ERROR Recursive call to appender json$");

    @TempDir
    Path dir;

    @Test
    void everyLineIsJsonWithTheWindowLineAndNoSecretAtDebug() throws IOException {
        SimTenant tenant = RelayHarness.newSecretTenant(40, Duration.ofMinutes(30));
        String hecToken = "hec-" + UUID.randomUUID();
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "PT1H");
        settings.put("relay.poll.interval", "1h");
        Path debug = Files.writeString(dir.resolve("debug.properties"), "rootLogger.level = DEBUG\n");
        String log;
        try (HecReceiver hec = HecReceiver.start(hecToken)) {
            settings.putAll(hec.sinkSettings());
            settings.put("relay.sink.siem.min-severity", "");
            DeliveredAlerts out = new DeliveredAlerts(dir.resolve("out"));
            try (RelayProcess relay = RelayProcess.startPackaged(dir, settings, List.of(), "-Drelay.log.format=json",
                    // the shipped configuration with the root logger turned to DEBUG, as an operator would
                    "-Dlog4j2.configurationFile=classpath:log4j2.properties," + debug)) {
                await("every alert in the file and at the SIEM", Duration.ofSeconds(60), () -> !relay.isAlive()
                        || out.ids().size() == 40 && hec.distinctUids().size() == 40);
                relay.awaitLog("window [", Duration.ofSeconds(10));
                log = relay.log();
            }
        }

        List<JsonNode> events = new ArrayList<>();
        List<String> notJson = new ArrayList<>();
        log.lines().filter(line -> !RECURSION.matcher(line).matches()).forEach(line -> {
            try {
                JsonNode event = Json.mapper().readTree(line);
                if (event != null && event.isObject() && event.hasNonNull("message")) {
                    events.add(event);
                    return;
                }
            } catch (IOException e) {
                // reported below
            }
            notJson.add(line);
        });
        assertEquals(List.of(), notJson.stream().limit(5).toList(), notJson.size() + " lines are not JSON log events");
        assertTrue(events.stream().anyMatch(event -> event.path("log.level").asText().equals("DEBUG")), "DEBUG events");
        assertTrue(events.stream().anyMatch(event -> event.path("log.level").asText().equals("INFO")
                && event.path("log.logger").asText().endsWith("RelayMetrics")
                && event.path("message").asText().matches("tenant t1: window \\[.*\\): \\d+ read, \\d+ new, delivered"
                        + " file \\d+ siem \\d+, unrouted 0, dead-lettered 0, .*")), "the per-window INFO line");

        List<String> secrets = new ArrayList<>(List.of("secret-" + tenant.tenantId(), hecToken));
        secrets.addAll(RelayHarness.simulator().issuedAccessTokens());
        assertAll(secrets.stream().map(secret -> () -> assertFalse(log.contains(secret), "a secret in the log: " + secret)));
        assertFalse(JWT.matcher(log).find(), "a JWT in the log");
    }
}
