package io.defenderrelay.simulator;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderCatalogTest {

    @Test
    void loadsOneCompleteProfilePerServiceSourceFromTheTable() {
        List<String> sources = ProviderCatalog.PROFILES.stream().map(ProviderProfile::serviceSource).toList();
        assertEquals(sources.size(), Set.copyOf(sources).size(), "one profile per serviceSource");
        for (ProviderProfile profile : ProviderCatalog.PROFILES) {
            assertTrue(profile.weight() > 0, profile.serviceSource());
            assertFalse(profile.detectionSources().isEmpty(), profile.serviceSource());
            assertFalse(profile.coreEvidence().isEmpty(), profile.serviceSource());
            assertFalse(profile.scenarios().isEmpty(), profile.serviceSource());
            for (ProviderProfile.Scenario scenario : profile.scenarios()) {
                assertNotNull(scenario.title());
                assertNotNull(scenario.description());
                assertNotNull(scenario.category());
                assertNotNull(scenario.detectorId());
                assertFalse(scenario.techniques().isEmpty(), scenario.title());
            }
        }
    }

    @Test
    void unlistedServiceSourcesFallBackToTheUnknownProfile() {
        assertEquals("unknown", ProviderCatalog.profile("somethingMicrosoftAddsLater").serviceSource());
        assertEquals("da", ProviderCatalog.profile("microsoftDefenderForEndpoint").idPrefix());
    }

    @Test
    void profilesCannotBeChangedByTheirUsers() {
        ProviderProfile first = ProviderCatalog.PROFILES.get(0);
        assertThrows(UnsupportedOperationException.class, () -> ProviderCatalog.PROFILES.remove(0));
        assertThrows(UnsupportedOperationException.class, () -> first.scenarios().clear());
        assertThrows(UnsupportedOperationException.class, () -> first.scenarios().get(0).techniques().clear());
    }
}
