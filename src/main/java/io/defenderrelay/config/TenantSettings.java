package io.defenderrelay.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One Entra tenant the relay polls, as configured under {@code relay.tenants[i].*} or in relay.tenants-file.
 *
 * @param pollInterval its own poll interval, or null for relay.poll.interval / relay.poll.cron
 * @param sinks        the only sinks its events may go to (each sink's rule still applies); empty = every sink
 */
public record TenantSettings(String name, String tenantId, String clientId, String clientSecret,
                             Path certificate, Path privateKey, Cloud cloud, Instant secretExpires,
                             Duration pollInterval, Set<String> sinks) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    /** The sinks a tenant's sinks field may name (deliver.SinkRules.SINKS, which config cannot see). */
    private static final List<String> SINKS = List.of("file", "kafka", "siem");

    public TenantSettings {
        sinks = Set.copyOf(sinks);
    }

    /** A tenant polled as relay.poll.* says and delivered to every sink. */
    public TenantSettings(String name, String tenantId, String clientId, String clientSecret, Path certificate,
                          Path privateKey, Cloud cloud, Instant secretExpires) {
        this(name, tenantId, clientId, clientSecret, certificate, privateKey, cloud, secretExpires, null, Set.of());
    }

    @Override
    public String toString() {
        // records print every component; the secret must never reach a log
        return "TenantSettings[name=" + name + ", tenantId=" + tenantId + ", clientId=" + clientId
                + ", credential=" + (clientSecret != null ? "secret" : "certificate " + certificate) + ", cloud=" + cloud + "]";
    }

    /** Whether no tenant is configured at all: no relay.tenants key or variable, and no relay.tenants-file. */
    public static boolean noneConfigured(SettingsSource settings, GivenSettings given) {
        return given.tenantIndexes().isEmpty() && settings.get(TenantsFile.KEY).isEmpty();
    }

    /**
     * Reads every relay.tenants[i] block a key or environment variable names (numbered from 0 without gaps) and every
     * entry of relay.tenants-file (relative to {@code home}); what is wrong with any of them goes to {@code problems},
     * and only tenants without a problem are returned.
     */
    public static List<TenantSettings> readAll(SettingsSource settings, GivenSettings given, Path home,
                                               Problems problems) {
        List<TenantFields> sources = new ArrayList<>();
        int expected = 0;
        for (int index : given.tenantIndexes()) {
            if (index != expected) {
                problems.add("relay.tenants[" + index + "] is configured but relay.tenants[" + expected + "] is not:"
                        + " number the tenants from 0 without gaps");
            }
            expected = index + 1;
            sources.add(new PropertyFields(settings, index));
        }
        settings.get(TenantsFile.KEY).ifPresent(file ->
                sources.addAll(TenantsFile.read(home.resolve(file).normalize(), given.env()::get, problems)));
        Set<String> enabledSinks = SINKS.stream().filter(sink -> settings.get("relay.sink." + sink + ".enabled")
                .orElse("").equalsIgnoreCase("true")).collect(Collectors.toSet());
        Map<TenantSettings, String> tenants = new LinkedHashMap<>();
        for (TenantFields fields : sources) {
            read(fields, home, enabledSinks, problems).ifPresent(tenant -> tenants.put(tenant, fields.where()));
        }
        tenants.entrySet().stream().collect(Collectors.groupingBy(tenant -> tenant.getKey().name().toLowerCase(Locale.ROOT),
                        TreeMap::new, Collectors.toList()))
                .values().stream().filter(same -> same.size() > 1)
                .forEach(same -> problems.add("tenant names " + same.stream().map(t -> t.getKey().name()).toList()
                        + " are the same ignoring case: each tenant needs its own name, which names its checkpoint"
                        + " file in state/ and its output files (file systems may ignore case); rename or remove all"
                        + " but one of " + same.stream().map(Map.Entry::getValue).collect(Collectors.joining(", "))));
        return List.copyOf(tenants.keySet());
    }

    private static Optional<TenantSettings> read(TenantFields fields, Path home, Set<String> enabledSinks,
                                                 Problems problems) {
        List<String> wrong = new ArrayList<>();
        Optional<String> given = fields.get("name").or(fields::defaultName);
        String name = given.orElse("at " + fields.where());
        if (given.isEmpty()) {
            wrong.add(fields.label("name") + " is not set: give the tenant a short name (it names its checkpoint and"
                    + " output files)");
        } else if (!NAME.matcher(name).matches()) {
            wrong.add(fields.label("name") + "='" + name + "' must be 1-63 letters, digits, '-' or '_' (it becomes a file name)");
        }
        Optional<String> tenantId = fields.get("tenant-id");
        if (tenantId.isEmpty()) {
            wrong.add(fields.label("tenant-id") + " is not set: give the Entra tenant id (GUID or verified domain) of tenant " + name);
        }
        Optional<String> clientId = fields.get("client-id");
        if (clientId.isEmpty()) {
            wrong.add(fields.label("client-id") + " is not set: give the application (client) id of the app registration"
                    + " for tenant " + name);
        }
        String secret = fields.get("client-secret").orElse(null);
        Path certificate = fields.get("certificate").map(home::resolve).orElse(null);
        Path privateKey = fields.get("private-key").map(home::resolve).orElse(null);
        if (secret != null && (certificate != null || privateKey != null)) {
            wrong.add("tenant " + name + " has both " + fields.label("client-secret") + " and a certificate: keep one credential");
        } else if (secret == null && (certificate == null || privateKey == null)) {
            wrong.add("tenant " + name + " has no usable credential: set " + fields.label("client-secret")
                    + " (e.g. ${env:RELAY_CLIENT_SECRET}) or both " + fields.label("certificate") + " and "
                    + fields.label("private-key"));
        }
        Instant secretExpires = null;
        Cloud cloud = null;
        Duration pollInterval = null;
        try {
            secretExpires = fields.get("client-secret-expires").map(ExpiryDate::parse).orElse(null);
        } catch (IllegalArgumentException e) {
            wrong.add(fields.label("client-secret-expires") + ": " + e.getMessage());
        }
        try {
            cloud = Cloud.parse(fields.get("cloud").orElse("global"));
        } catch (IllegalArgumentException e) {
            wrong.add(fields.label("cloud") + ": " + e.getMessage());
        }
        try {
            pollInterval = fields.get("poll-interval").map(Durations::parse).orElse(null);
            if (pollInterval != null && (pollInterval.isNegative() || pollInterval.isZero())) {
                wrong.add(fields.label("poll-interval") + " must be longer than 0");
            }
        } catch (IllegalArgumentException e) {
            wrong.add(fields.label("poll-interval") + "=" + e.getMessage());
        }
        Set<String> sinks = sinks(fields, name, enabledSinks, wrong);
        wrong.forEach(problems::add);
        return wrong.isEmpty() ? Optional.of(new TenantSettings(name, tenantId.get(), clientId.get(), secret, certificate,
                privateKey, cloud, secretExpires, pollInterval, sinks)) : Optional.empty();
    }

    /** The tenant's sinks field: names of enabled sinks, comma-separated (or a YAML list in the tenants file). */
    private static Set<String> sinks(TenantFields fields, String name, Set<String> enabledSinks, List<String> wrong) {
        Set<String> sinks = new LinkedHashSet<>();
        fields.get("sinks").ifPresent(list -> Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).forEach(sinks::add));
        for (String sink : sinks) {
            if (!SINKS.contains(sink)) {
                wrong.add(fields.label("sinks") + ": '" + sink + "' is not a sink: name some of " + String.join(", ", SINKS)
                        + ", or leave it empty for every sink");
            } else if (!enabledSinks.contains(sink)) {
                wrong.add(fields.label("sinks") + " names " + sink + ", but relay.sink." + sink + ".enabled is not true:"
                        + " enable that sink or take it off tenant " + name + "'s list");
            }
        }
        return sinks;
    }

    static String key(int index, String property) {
        return "relay.tenants[" + index + "]." + property;
    }

    /** A relay.tenants[i] block of application.properties (-D and environment variables override its keys). */
    private record PropertyFields(SettingsSource settings, int index) implements TenantFields {
        public Optional<String> get(String field) {
            return settings.get(key(index, field));
        }

        public String label(String field) {
            return key(index, field);
        }

        public String where() {
            return "relay.tenants[" + index + "]";
        }

        public Optional<String> defaultName() {
            return Optional.of("tenant" + index);
        }
    }
}
