package io.defenderrelay.deliver.siem;

import io.defenderrelay.config.ConfigurationException;
import io.defenderrelay.config.SettingsSource;
import io.defenderrelay.deliver.SinkRules;
import io.defenderrelay.testing.ShippedSettings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** relay.sink.siem.* over the shipped application.properties, with keys changed per test. */
class SiemSettingsTest {
    private final Map<String, String> file = ShippedSettings.map();
    private final Map<String, String> env = new HashMap<>();
    private final SettingsSource settings = ShippedSettings.source(file, env);

    @Test
    void fileIsOnAndTheOthersOffWhenNothingIsSet() {
        assertTrue(SinkRules.enabled(settings, "file"));
        assertFalse(SinkRules.enabled(settings, "kafka"));
        assertFalse(SinkRules.enabled(settings, "siem"));
    }

    @Test
    void hecNeedsATokenOnlyWhenTheSiemIsEnabled() {
        file.put("relay.sink.siem.format", "hec");
        assertTrue(SiemSettings.read(settings).authValue().isEmpty());
        file.put("relay.sink.siem.enabled", "true");
        ConfigurationException refused = assertThrows(ConfigurationException.class, () -> SiemSettings.read(settings));
        assertTrue(refused.getMessage().contains("RELAY_SINK_SIEM_TOKEN"), refused.getMessage());
        env.put("RELAY_SINK_SIEM_TOKEN", "abc");
        assertEquals(Optional.of("Splunk abc"), SiemSettings.read(settings).authValue());
    }

    @Test
    void theTokenComesFromAFileAndNeverReachesToString(@TempDir Path dir) throws IOException {
        Path token = dir.resolve("token");
        Files.writeString(token, "  s3cr3t-token\n");
        file.put("relay.sink.siem.format", "json");
        file.put("relay.sink.siem.token-file", token.toString());
        SiemTarget target = SiemSettings.read(settings);
        assertEquals(SiemFormat.JSON, target.format());
        assertEquals(Optional.of("Bearer s3cr3t-token"), target.authValue());
        assertFalse(target.toString().contains("s3cr3t"), target.toString());
    }

    @Test
    void unreadableTokenFileAndUnknownFormatAreRefusedWithTheFix(@TempDir Path dir) {
        file.put("relay.sink.siem.token-file", dir.resolve("missing").toString());
        ConfigurationException missing = assertThrows(ConfigurationException.class, () -> SiemSettings.read(settings));
        assertTrue(missing.getMessage().contains("relay.sink.siem.token-file"), missing.getMessage());
        file.remove("relay.sink.siem.token-file");
        file.put("relay.sink.siem.format", "syslog");
        ConfigurationException format = assertThrows(ConfigurationException.class, () -> SiemSettings.read(settings));
        assertTrue(format.getMessage().contains("hec (Splunk), bulk"), format.getMessage());
    }

    @Test
    void bulkUsesItsOwnBatchBoundsUnlessOverriddenAndACustomHeaderWithoutScheme() {
        file.put("relay.sink.siem.format", "bulk");
        assertEquals(5_000, SiemSettings.read(settings).limits().maxCount());
        file.put("relay.sink.siem.batch.max-count", "250");
        file.put("relay.sink.siem.token", "k");
        file.put("relay.sink.siem.auth-header", "X-Api-Key");
        file.put("relay.sink.siem.auth-scheme", "none");
        SiemTarget target = SiemSettings.read(settings);
        assertEquals(250, target.limits().maxCount());
        assertEquals("X-Api-Key", target.authHeader());
        assertEquals(Optional.of("k"), target.authValue());
    }

    @Test
    void theStartupCheckAcceptsEveryFormatAndLayoutTheSinkReads() {
        for (SiemFormat format : SiemFormat.values()) {
            for (WebhookFormat.Layout layout : WebhookFormat.Layout.values()) {
                Map<String, String> keys = Map.of("relay.sink.siem.format", format.name().toLowerCase(Locale.ROOT),
                        "relay.sink.siem.json.layout", layout.name().toLowerCase(Locale.ROOT));
                assertEquals(List.of(), ShippedSettings.startupProblems(keys, Map.of()));
            }
        }
    }
}
