package io.defenderrelay.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keys of the shipped application.properties, its commented-out examples and the families its comments write. */
class KnownKeysTest {
    private final KnownKeys known = KnownKeys.shipped();

    @Test
    void knowsTheShippedKeysTheirCommentedExamplesAndTheirFamilies() {
        for (String key : List.of("relay.poll.interval", "relay.sink.siem.auth-scheme", "relay.sink.siem.batch.max-count",
                "relay.tenants[0].name", "relay.tenants[12].private-key", "relay.category.microsoftDefenderForCloud",
                "relay.severity.unknownFutureValue", "relay.sink.kafka.tenants", "relay.sink.siem.service-sources")) {
            assertTrue(known.contains(key), key);
        }
    }

    @Test
    void knowsNoKeyTheFileDoesNotWrite() {
        for (String key : List.of("relay.sink.fle.enabled", "relay.tenants[0].tenantId", "relay.tenants",
                "relay.tenants[x].name", "relay.sink.syslog.enabled", "relay.poll", "relay.category")) {
            assertFalse(known.contains(key), key);
        }
    }

    @Test
    void suggestsTheKeyATypoMeantKeepingItsIndexAndName() {
        assertEquals(Optional.of("relay.sink.file.enabled"), known.nearest("relay.sink.fle.enabled"));
        assertEquals(Optional.of("relay.tenants[2].tenant-id"), known.nearest("relay.tenants[2].tenantId"));
        assertEquals(Optional.of("relay.category.microsoftDefenderForCloud"),
                known.nearest("relay.categroy.microsoftDefenderForCloud"));
        assertEquals(Optional.of("relay.sink.siem.batch.max-count"), known.nearest("relay.sink.siem.batch.maxcount"));
        assertEquals(Optional.empty(), known.nearest("relay.colour"));
    }

    @Test
    void knowsEnvironmentVariablesByTheirKeysNames() {
        assertTrue(known.containsEnvName("RELAY_TENANTS_0_CLIENT_SECRET"));
        assertTrue(known.containsEnvName("RELAY_SINK_SIEM_TOKEN"));
        assertTrue(known.containsEnvName("RELAY_SINK_KAFKA_MIN_SEVERITY"));
        assertFalse(known.containsEnvName("RELAY_SINK_FLE_ENABLED"));
        assertFalse(known.containsEnvName("RELAY_CLIENT_SECRET"));
        assertEquals(Optional.of("relay.sink.file.enabled"), known.nearestToEnvName("RELAY_SINK_FLE_ENABLED"));
        assertEquals(Optional.of("relay.tenants[1].tenant-id"), known.nearestToEnvName("RELAY_TENANTS_1_TENANTID"));
    }

    @Test
    void onlyAFileAddsEntriesToFamiliesOfAnyName() {
        assertEquals(Optional.of("relay.category.<serviceSource>"), known.anyNameFamily("relay.category.x"));
        assertEquals(Optional.of("relay.severity.<graphSeverity>"), known.anyNameFamilyOfEnvName("RELAY_SEVERITY_X"));
        assertEquals(Optional.empty(), known.anyNameFamily("relay.tenants[0].name"));
    }

    @Test
    void everyKeyTheValueRulesNameIsAKnownKey() {
        for (String ruled : new SettingValues(List.of()).ruledKeys()) {
            for (String key : new KeyPattern(ruled).candidates("relay.example")) {
                assertTrue(known.contains(key), ruled + " → " + key);
            }
        }
    }
}
