package io.defenderrelay.config;


import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** One Entra tenant the relay polls, as configured under {@code relay.tenants[i].*}. */
public record TenantSettings(String name, String tenantId, String clientId, String clientSecret,
                             Path certificate, Path privateKey, Cloud cloud) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    @Override
    public String toString() {
        // records print every component; the secret must never reach a log
        return "TenantSettings[name=" + name + ", tenantId=" + tenantId + ", clientId=" + clientId
                + ", credential=" + (clientSecret != null ? "secret" : "certificate " + certificate) + ", cloud=" + cloud + "]";
    }

    /** Reads relay.tenants[0..] until an index has no tenant-id; validates each entry. */
    public static List<TenantSettings> readAll(SettingsSource settings) {
        List<TenantSettings> tenants = new ArrayList<>();
        for (int i = 0; settings.get(key(i, "tenant-id")).isPresent(); i++) {
            tenants.add(read(settings, i));
        }
        long distinct = tenants.stream().map(TenantSettings::name).distinct().count();
        if (distinct != tenants.size()) {
            throw new ConfigurationException("two relay.tenants[i].name values are the same: each tenant needs its own "
                    + "name (it names its checkpoint file, logs and metrics)");
        }
        return tenants;
    }

    private static TenantSettings read(SettingsSource settings, int i) {
        String tenantId = settings.required(key(i, "tenant-id"), "");
        String name = settings.get(key(i, "name")).orElse("tenant" + i);
        if (!NAME.matcher(name).matches()) {
            throw new ConfigurationException(key(i, "name") + "='" + name + "' must be 1-63 letters, digits, '-' or '_' "
                    + "(it becomes a file name)");
        }
        String clientId = settings.required(key(i, "client-id"),
                "set the application (client) id of the app registration for tenant " + name);
        String secret = settings.get(key(i, "client-secret")).orElse(null);
        Path certificate = settings.get(key(i, "certificate")).map(Path::of).orElse(null);
        Path privateKey = settings.get(key(i, "private-key")).map(Path::of).orElse(null);
        boolean hasCertificate = certificate != null || privateKey != null;
        if (secret != null && hasCertificate) {
            throw new ConfigurationException("tenant " + name + " has both " + key(i, "client-secret") + " and a certificate: "
                    + "keep one credential");
        }
        if (secret == null && (certificate == null || privateKey == null)) {
            throw new ConfigurationException("tenant " + name + " has no usable credential: set " + key(i, "client-secret")
                    + " (e.g. ${env:RELAY_CLIENT_SECRET}) or both " + key(i, "certificate") + " and " + key(i, "private-key"));
        }
        Cloud cloud;
        try {
            cloud = Cloud.parse(settings.get(key(i, "cloud")).orElse("global"));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key(i, "cloud") + ": " + e.getMessage(), e);
        }
        return new TenantSettings(name, tenantId, clientId, secret, certificate, privateKey, cloud);
    }

    static String key(int index, String property) {
        return "relay.tenants[" + index + "]." + property;
    }
}
