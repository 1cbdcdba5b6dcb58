package io.defenderrelay.auth;

import io.defenderrelay.config.Cloud;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static io.defenderrelay.auth.PemCredentialsTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CloudTest {
    @Test
    void globalCloudUsesPublicLoginAndGraphHosts() {
        assertHosts(Cloud.GLOBAL, "https://login.microsoftonline.com", "https://graph.microsoft.com");
    }

    @Test
    void usGovernmentCloudsShareLoginHostButNotGraphHost() {
        assertHosts(Cloud.USGOV, "https://login.microsoftonline.us", "https://graph.microsoft.us");
        assertHosts(Cloud.DOD, "https://login.microsoftonline.us", "https://dod-graph.microsoft.us");
    }

    @Test
    void chinaCloudUsesTwentyOneVianetHosts() {
        assertHosts(Cloud.CHINA, "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn");
    }

    @Test
    void parsesNamesCaseInsensitively() {
        assertEquals(Cloud.GLOBAL, Cloud.parse("global"));
        assertEquals(Cloud.USGOV, Cloud.parse("UsGov"));
        assertEquals(Cloud.DOD, Cloud.parse(" DOD "));
        assertEquals(Cloud.CHINA, Cloud.parse("china"));
    }

    @Test
    void emptyValueMeansGlobal() {
        assertEquals(Cloud.GLOBAL, Cloud.parse(null));
        assertEquals(Cloud.GLOBAL, Cloud.parse("  "));
    }

    @Test
    void refusesUnknownCloudListingAcceptedNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cloud.parse("azure-germany"));

        assertContains(e.getMessage(), "unknown cloud 'azure-germany'");
        assertContains(e.getMessage(), "global, usgov, dod, china");
    }

    private static void assertHosts(Cloud cloud, String authorityHost, String graphHost) {
        assertEquals(URI.create(authorityHost), cloud.authorityHost());
        assertEquals(URI.create(graphHost), cloud.graphHost());
    }
}
