package io.defenderrelay.config;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Microsoft national clouds: each pairs an Entra login host with its Graph host. */
public enum Cloud {
    GLOBAL("https://login.microsoftonline.com", "https://graph.microsoft.com"),
    /** US Government L4 (GCC High). */
    USGOV("https://login.microsoftonline.us", "https://graph.microsoft.us"),
    /** US Government L5 (DoD): same login host as USGOV, its own Graph host. */
    DOD("https://login.microsoftonline.us", "https://dod-graph.microsoft.us"),
    /** Operated by 21Vianet; alerts_v2 may not be available there. */
    CHINA("https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn");

    private final URI authorityHost;
    private final URI graphHost;

    Cloud(String authorityHost, String graphHost) {
        this.authorityHost = URI.create(authorityHost);
        this.graphHost = URI.create(graphHost);
    }

    public URI authorityHost() {
        return authorityHost;
    }

    public URI graphHost() {
        return graphHost;
    }

    /** Parses a configured cloud name, case-insensitively; an empty value means the default, GLOBAL. */
    public static Cloud parse(String value) {
        if (value == null || value.isBlank()) {
            return GLOBAL;
        }
        String name = value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(cloud -> cloud.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown cloud '" + value.trim()
                        + "': set relay.tenants[…].cloud to one of " + acceptedNames()
                        + " (or leave it empty for global)"));
    }

    private static String acceptedNames() {
        return Arrays.stream(values())
                .map(cloud -> cloud.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
