package io.defenderrelay.normalize;

import io.defenderrelay.config.Severity;
import io.defenderrelay.testing.ShippedSettings;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeverityLookupTest {
    @Test
    void mapsGraphSeveritiesByDesignTable() {
        SeverityLookup lookup = ShippedSettings.severities();
        assertEquals(new Severity("high", 4), lookup.lookup("high"));
        assertEquals(new Severity("medium", 3), lookup.lookup("medium"));
        assertEquals(new Severity("low", 2), lookup.lookup("low"));
        assertEquals(new Severity("info", 1), lookup.lookup("informational"));
        assertEquals(new Severity("unknown", 0), lookup.lookup("unknown"));
        assertEquals(0, lookup.unmappedCount());
    }

    @Test
    void mapsUnknownValuesToOtherAndCountsThem() {
        SeverityLookup lookup = ShippedSettings.severities();
        assertEquals(new Severity("other", 99), lookup.lookup("unknownFutureValue"));
        assertEquals(new Severity("other", 99), lookup.lookup("catastrophic"));
        assertEquals(2, lookup.unmappedCount());
    }

    @Test
    void treatsMissingSeverityAsGraphUnknownWithoutCounting() {
        SeverityLookup lookup = ShippedSettings.severities();
        assertEquals(new Severity("unknown", 0), lookup.lookup(null));
        assertEquals(0, lookup.unmappedCount());
    }

    @Test
    void appliesOverridesKeyByKeyIgnoringCase() {
        SeverityLookup lookup = ShippedSettings.severities(Map.of("HIGH", "critical/5", "unknownfuturevalue", " medium / 3 "));
        assertEquals(new Severity("critical", 5), lookup.lookup("high"));
        assertEquals(new Severity("medium", 3), lookup.lookup("unknownFutureValue"));
        assertEquals(new Severity("low", 2), lookup.lookup("Low"));
        assertEquals(0, lookup.unmappedCount());
    }

    @Test
    void refusesMalformedOverrideNamingTheKeyAndTheFormat() {
        for (String bad : new String[] {"critical", "critical/x", "/4", "critical/7", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SeverityLookup(Map.of("high", bad)));
            assertTrue(e.getMessage().contains("relay.severity.high") && e.getMessage().contains("high/4"),
                    e.getMessage());
        }
    }
}
