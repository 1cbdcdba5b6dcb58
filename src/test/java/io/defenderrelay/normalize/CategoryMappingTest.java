package io.defenderrelay.normalize;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CategoryMappingTest {
    @Test
    void mapsServiceSourcesToDefaultCategories() {
        CategoryMapping mapping = new CategoryMapping(Map.of());
        assertEquals("Antivirus", mapping.categoryOf("microsoftDefenderForEndpoint"));
        assertEquals("Email", mapping.categoryOf("microsoftDefenderForOffice365"));
        assertEquals("CloudAudit", mapping.categoryOf("microsoftDefenderForCloudApps"));
        assertEquals("Identity", mapping.categoryOf("microsoftDefenderForIdentity"));
        assertEquals("Identity", mapping.categoryOf("azureAdIdentityProtection"));
    }

    @Test
    void mapsAnythingElseToThirdparty() {
        CategoryMapping mapping = new CategoryMapping(Map.of());
        assertEquals("Thirdparty", mapping.categoryOf("microsoftDefenderForCloud"));
        assertEquals("Thirdparty", mapping.categoryOf("unknownFutureValue"));
        assertEquals("Thirdparty", mapping.categoryOf(null));
    }

    @Test
    void appliesOverridesIgnoringCase() {
        CategoryMapping mapping = new CategoryMapping(Map.of("microsoftdefenderforcloud", "Cloud",
                "microsoftDefenderForEndpoint", "Endpoint", "MICROSOFTDEFENDERFOROFFICE365", "Mail"));
        assertEquals("Cloud", mapping.categoryOf("microsoftDefenderForCloud"));
        assertEquals("Endpoint", mapping.categoryOf("microsoftDefenderForEndpoint"));
        assertEquals("Mail", mapping.categoryOf("microsoftDefenderForOffice365"));
    }

    @Test
    void refusesEmptyOverride() {
        assertThrows(IllegalArgumentException.class, () -> new CategoryMapping(Map.of("dataLossPrevention", " ")));
    }
}
