package io.defenderrelay.config;

import io.defenderrelay.deliver.SiemFormat;
import io.defenderrelay.deliver.SiemTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SinkSettingsTest {
    private final Map<String, String> file = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private final SettingsSource settings = new SettingsSource(key -> Optional.ofNullable(file.get(key)), env::get);

    @Test
    void fileIsOnAndTheOthersOffWhenNothingIsSet() {
        assertTrue(SinkSettings.enabled(settings, "file"));
        assertFalse(SinkSettings.enabled(settings, "kafka"));
        assertFalse(SinkSettings.enabled(settings, "siem"));
    }

    @Test
    void hecNeedsATokenOnlyWhenTheSiemIsEnabled() {
        file.put("relay.sink.siem.format", "hec");
        assertTrue(SinkSettings.siem(settings).authValue().isEmpty());
        file.put("relay.sink.siem.enabled", "true");
        ConfigurationException refused = assertThrows(ConfigurationException.class, () -> SinkSettings.siem(settings));
        assertTrue(refused.getMessage().contains("RELAY_SINK_SIEM_TOKEN"), refused.getMessage());
        env.put("RELAY_SINK_SIEM_TOKEN", "abc");
        assertEquals(Optional.of("Splunk abc"), SinkSettings.siem(settings).authValue());
    }

    @Test
    void theTokenComesFromAFileAndNeverReachesToString(@TempDir Path dir) throws IOException {
        Path token = dir.resolve("token");
        Files.writeString(token, "  s3cr3t-token\n");
        file.put("relay.sink.siem.format", "json");
        file.put("relay.sink.siem.token-file", token.toString());
        SiemTarget target = SinkSettings.siem(settings);
        assertEquals(SiemFormat.JSON, target.format());
        assertEquals(Optional.of("Bearer s3cr3t-token"), target.authValue());
        assertFalse(target.toString().contains("s3cr3t"), target.toString());
    }

    @Test
    void unreadableTokenFileAndUnknownFormatAreRefusedWithTheFix(@TempDir Path dir) {
        file.put("relay.sink.siem.token-file", dir.resolve("missing").toString());
        ConfigurationException missing = assertThrows(ConfigurationException.class, () -> SinkSettings.siem(settings));
        assertTrue(missing.getMessage().contains("relay.sink.siem.token-file"), missing.getMessage());
        file.remove("relay.sink.siem.token-file");
        file.put("relay.sink.siem.format", "syslog");
        ConfigurationException format = assertThrows(ConfigurationException.class, () -> SinkSettings.siem(settings));
        assertTrue(format.getMessage().contains("hec (Splunk), bulk"), format.getMessage());
    }

    @Test
    void bulkUsesItsOwnBatchBoundsUnlessOverriddenAndACustomHeaderWithoutScheme() {
        file.put("relay.sink.siem.format", "bulk");
        assertEquals(5_000, SinkSettings.siem(settings).limits().maxCount());
        file.put("relay.sink.siem.batch.max-count", "250");
        file.put("relay.sink.siem.token", "k");
        file.put("relay.sink.siem.auth-header", "X-Api-Key");
        file.put("relay.sink.siem.auth-scheme", "none");
        SiemTarget target = SinkSettings.siem(settings);
        assertEquals(250, target.limits().maxCount());
        assertEquals("X-Api-Key", target.authHeader());
        assertEquals(Optional.of("k"), target.authValue());
    }
}
