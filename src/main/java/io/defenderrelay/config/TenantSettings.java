package io.defenderrelay.config;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One Entra tenant the relay polls, as configured under {@code relay.tenants[i].*}. */
public record TenantSettings(String name, String tenantId, String clientId, String clientSecret,
                             Path certificate, Path privateKey, Cloud cloud, Instant secretExpires) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    @Override
    public String toString() {
        // records print every component; the secret must never reach a log
        return "TenantSettings[name=" + name + ", tenantId=" + tenantId + ", clientId=" + clientId
                + ", credential=" + (clientSecret != null ? "secret" : "certificate " + certificate) + ", cloud=" + cloud + "]";
    }

    /**
     * Reads every relay.tenants[i] block a key or environment variable names (numbered from 0 without gaps); what
     * is wrong with any of them goes to {@code problems}, and only blocks without a problem are returned.
     */
    public static List<TenantSettings> readAll(SettingsSource settings, GivenSettings given, Problems problems) {
        List<TenantSettings> tenants = new ArrayList<>();
        int expected = 0;
        for (int index : given.tenantIndexes()) {
            if (index != expected) {
                problems.add("relay.tenants[" + index + "] is configured but relay.tenants[" + expected + "] is not:"
                        + " number the tenants from 0 without gaps");
            }
            expected = index + 1;
            read(settings, index, problems).ifPresent(tenants::add);
        }
        tenants.stream().collect(Collectors.groupingBy(tenant -> tenant.name().toLowerCase(Locale.ROOT),
                        TreeMap::new, Collectors.mapping(TenantSettings::name, Collectors.toList())))
                .values().stream().filter(names -> names.size() > 1)
                .forEach(names -> problems.add("tenant names " + names + " are the same ignoring case: each tenant needs"
                        + " its own name, which names its checkpoint file in state/ and its output files (file systems"
                        + " may ignore case); rename all but one"));
        return tenants;
    }

    private static Optional<TenantSettings> read(SettingsSource settings, int i, Problems problems) {
        List<String> wrong = new ArrayList<>();
        String name = settings.get(key(i, "name")).orElse("tenant" + i);
        if (!NAME.matcher(name).matches()) {
            wrong.add(key(i, "name") + "='" + name + "' must be 1-63 letters, digits, '-' or '_' (it becomes a file name)");
        }
        Optional<String> tenantId = settings.get(key(i, "tenant-id"));
        if (tenantId.isEmpty()) {
            wrong.add(key(i, "tenant-id") + " is not set: give the Entra tenant id (GUID or verified domain) of tenant " + name);
        }
        Optional<String> clientId = settings.get(key(i, "client-id"));
        if (clientId.isEmpty()) {
            wrong.add(key(i, "client-id") + " is not set: give the application (client) id of the app registration"
                    + " for tenant " + name);
        }
        String secret = settings.get(key(i, "client-secret")).orElse(null);
        Path certificate = settings.get(key(i, "certificate")).map(Path::of).orElse(null);
        Path privateKey = settings.get(key(i, "private-key")).map(Path::of).orElse(null);
        if (secret != null && (certificate != null || privateKey != null)) {
            wrong.add("tenant " + name + " has both " + key(i, "client-secret") + " and a certificate: keep one credential");
        } else if (secret == null && (certificate == null || privateKey == null)) {
            wrong.add("tenant " + name + " has no usable credential: set " + key(i, "client-secret")
                    + " (e.g. ${env:RELAY_CLIENT_SECRET}) or both " + key(i, "certificate") + " and " + key(i, "private-key"));
        }
        Instant secretExpires = settings.get(key(i, "client-secret-expires")).map(ExpiryDate::parse).orElse(null);
        Cloud cloud = null;
        try {
            cloud = Cloud.parse(settings.get(key(i, "cloud")).orElse("global"));
        } catch (IllegalArgumentException e) {
            wrong.add(key(i, "cloud") + ": " + e.getMessage());
        }
        wrong.forEach(problems::add);
        return wrong.isEmpty() ? Optional.of(new TenantSettings(name, tenantId.get(), clientId.get(), secret, certificate,
                privateKey, cloud, secretExpires)) : Optional.empty();
    }

    static String key(int index, String property) {
        return "relay.tenants[" + index + "]." + property;
    }
}
